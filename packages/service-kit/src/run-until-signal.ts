import type { Logger } from "./logger.js";

/** Keeps a service running until SIGINT/SIGTERM, then closes it gracefully. */
export function runUntilSignal(close: () => Promise<void>, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      logger.info("shutting down", { signal });
      close().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error("shutdown failed", { error });
          resolve(1);
        },
      );
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}
