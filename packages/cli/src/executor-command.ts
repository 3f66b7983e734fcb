import { createLogger, resolveServiceEnv, runUntilSignal } from "@ameide/service-kit";
import { CliError, ExitCode } from "./cli-errors.js";

/** `ameide executor <class>`: runs an executor class in pool or job mode; returns the exit code. */
export async function executorCommand(queueRef: string, options: { mode: "pool" | "job"; idleTimeout: string }): Promise<number> {
  const idleSeconds = Number(options.idleTimeout);
  if (!Number.isFinite(idleSeconds) || idleSeconds <= 0) throw new CliError(`--idle-timeout ${options.idleTimeout} is not a positive number of seconds`, "give e.g. --idle-timeout 30", ExitCode.Usage);
  const { loadExecutorConfig, runExecutorJob, startExecutorPool } = await import("@ameide/transformation-executor");
  // Executors need only the broker: no database, no Temporal.
  const env = await resolveServiceEnv("", process.env, ["KAFKA_BROKERS"]);
  const config = loadExecutorConfig(queueRef, { domainUrl: "http://127.0.0.1:8081", kafkaBrokers: env.kafkaBrokers });
  const logger = createLogger({ service: "transformation-executor", queue_ref: queueRef, executor_id: config.executorId });
  if (options.mode === "job") return runExecutorJob(config, logger, idleSeconds * 1000);
  const pool = await startExecutorPool(config, logger);
  return runUntilSignal(() => pool.stop(), logger);
}
