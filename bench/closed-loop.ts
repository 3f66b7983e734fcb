/** What one closed-loop run measured. */
export interface LoadRun {
  readonly clients: number;
  /** From the first call to the last response, in ms (the calls in flight at the deadline finish). */
  readonly elapsedMs: number;
  readonly completed: number;
  readonly errors: number;
  readonly firstError?: string;
  /** Latency of every successful call, in ms (monotonic clock). */
  readonly latenciesMs: number[];
  /** Wall-clock time (Date.now()) each call's response arrived, by sequence number; NaN when it failed. */
  readonly respondedAtMs: number[];
  /** Wall-clock time of the last response. */
  readonly lastResponseAtMs: number;
}

/** How to drive a closed loop: each client issues its next call as soon as the previous one answered. */
export interface ClosedLoopOptions {
  readonly clients: number;
  readonly durationMs: number;
  readonly signal?: AbortSignal;
  /** One call; `seq` is unique across clients and indexes `respondedAtMs`. */
  readonly call: (client: number, seq: number) => Promise<unknown>;
}

/** Runs `clients` concurrent loops of `call` until the duration is over. */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  const respondedAtMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let lastResponseAtMs = Number.NaN;
  const start = performance.now();
  const deadline = start + options.durationMs;

  async function client(index: number): Promise<void> {
    while (performance.now() < deadline && options.signal?.aborted !== true) {
      // Pushing at issue time keeps the array dense although calls complete out of order.
      const seq = respondedAtMs.push(Number.NaN) - 1;
      const issued = performance.now();
      try {
        await options.call(index, seq);
        latenciesMs.push(performance.now() - issued);
        respondedAtMs[seq] = lastResponseAtMs = Date.now();
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        lastResponseAtMs = Date.now();
      }
    }
  }

  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  return {
    clients: options.clients,
    elapsedMs: performance.now() - start,
    completed: latenciesMs.length,
    errors,
    firstError,
    latenciesMs,
    respondedAtMs,
    lastResponseAtMs,
  };
}
