import { CliError, ExitCode } from "./cli-errors.js";

/** `ameide executor <class>`: runs an executor class in pool or job mode; returns the exit code. */
export async function executorCommand(queueRef: string, options: { mode: "pool" | "job"; idleTimeout: string }): Promise<number> {
  const idleSeconds = Number(options.idleTimeout);
  if (!Number.isFinite(idleSeconds) || idleSeconds <= 0)
    throw new CliError(`--idle-timeout ${options.idleTimeout} is not a positive number of seconds`, "give e.g. --idle-timeout 30", ExitCode.Usage);
  const { runExecutor } = await import("@ameide/platform");
  return runExecutor(queueRef, options.mode, idleSeconds * 1000);
}
