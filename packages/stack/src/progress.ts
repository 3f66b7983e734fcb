/** Where the stack reports what it is doing, so a long first start is never silent. */
export interface Progress {
  /** A step has begun ("fetching ...", "starting ..."). */
  step(engine: string, what: string): void;
  /** A step has finished, after `ms` milliseconds. */
  done(engine: string, what: string, ms: number): void;
}

/** Says nothing (tests, library callers that print their own summary). */
export const silentProgress: Progress = { step: () => undefined, done: () => undefined };

/** One line per step on a stream (stderr by default), e.g. `temporal   ready in 1.4s`. */
export function printProgress(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Progress {
  return {
    step: (engine, what) => write(`${engine.padEnd(10)} ${what} ...`),
    done: (engine, what, ms) => write(`${engine.padEnd(10)} ${what} (${(ms / 1000).toFixed(1)}s)`),
  };
}
