import { Worker } from "node:worker_threads";

/**
 * Runs a benchmark's client side on a worker thread: its event loop and heap are its own, so the
 * service's loop (in this process) runs only the service, and neither pauses for the other's GC.
 * `entry` posts one message with its result; the worker gets "stop" when `signal` aborts.
 */
export async function runInWorker<Input, Output>(entry: URL, input: Input, signal: AbortSignal): Promise<Output> {
  // Node 20 loads a worker's entry without the parent's loader hooks, so tsx is registered first.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry.href)}))`;
  // A small young generation keeps the client's own scavenges short: they would be counted as the service's latency.
  const worker = new Worker(bootstrap, { eval: true, execArgv: [], workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  const stop = () => worker.postMessage("stop");
  signal.addEventListener("abort", stop, { once: true });
  try {
    return await new Promise<Output>((resolve, reject) => {
      worker.once("message", (output: Output) => resolve(output));
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the benchmark worker ${entry.pathname} exited (code ${code}) before reporting; see the error above`)));
    });
  } finally {
    signal.removeEventListener("abort", stop);
    await worker.terminate();
  }
}
