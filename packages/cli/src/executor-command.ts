import { flag } from "./cli-flags.js";
import { createLogger, resolveServiceEnv, runUntilSignal } from "@ameide/service-kit";

const usage = `usage: ameide executor <class> [--mode pool|job] [--idle-timeout SECONDS]

  class: toolrun.generate | toolrun.verify | toolrun.publish | agentwork.coder
  pool   long-running consumer of the class's queue (EXECUTOR_CONCURRENCY, default 2)
  job    take one intent, run it, record the outcome, commit, exit (0 handled, 1 infrastructure, 3 idle)

  env: DOMAIN_URL (default http://127.0.0.1:8081), KAFKA_BROKERS, EVIDENCE_STORE_URL, EXECUTOR_WORK_ROOT,
       EXECUTOR_TIMEOUT_SECONDS, EXECUTOR_MAX_ATTEMPTS, CODEX_HOME, CODEX_BIN, GITOPS_REPO_URL, GITOPS_BRANCH`;

/** Runs an executor class in pool or job mode; returns the exit code. */
export async function executorCommand(args: string[]): Promise<number> {
  const [queueRef, ...rest] = args;
  const mode = flag(rest, "--mode") ?? "pool";
  if (queueRef === undefined || !["pool", "job"].includes(mode)) {
    console.error(usage);
    return 2;
  }
  const { loadExecutorConfig, runExecutorJob, startExecutorPool } = await import("@ameide/transformation-executor");
  // Executors need only the broker: no database, no Temporal.
  const env = await resolveServiceEnv("", process.env, ["KAFKA_BROKERS"]);
  const config = loadExecutorConfig(queueRef, { domainUrl: "http://127.0.0.1:8081", kafkaBrokers: env.kafkaBrokers });
  const logger = createLogger({ service: "transformation-executor", queue_ref: queueRef, executor_id: config.executorId });
  if (mode === "job") return runExecutorJob(config, logger, Number(flag(rest, "--idle-timeout") ?? 30) * 1000);
  const pool = await startExecutorPool(config, logger);
  return runUntilSignal(() => pool.stop(), logger);
}
