import type { Cluster } from "node:cluster";
import { executorRole } from "@ameide/auth";
import { createLogger, type Logger, resolveServiceEnv, runUntilSignal } from "@ameide/service-kit";
import { resolvePlatformAuth } from "./platform-auth.js";

// Each service's entry point, engines from the environment or the local stack. Services are
// imported when started, so serving one does not load the others.

/**
 * Runs the service until SIGINT/SIGTERM; returns the exit code. With `workers` > 1, a primary
 * process migrates, sweeps leases and relays the outbox (when `relay`), and that many worker
 * processes answer calls on the one port (the kernel spreads connections among them), so the
 * request path uses every core and never shares its event loop with the relay.
 */
export async function serveDomain(port: number, host: string, relay: boolean, workers = 1): Promise<number> {
  const cluster = (await import("node:cluster")).default;
  const { startDomainBackground, startDomainService } = await import("@ameide/transformation-domain");
  const logger = createLogger({ service: "transformation-domain", ...(cluster.isWorker ? { worker: cluster.worker?.id } : {}) });
  const env = await resolveServiceEnv("ameide_domain", process.env, ["DATABASE_URL", "KAFKA_BROKERS"]);
  if (workers > 1 && cluster.isPrimary) {
    // The primary sweeps leases whether or not it relays (the relay may run as its own process).
    const background = await startDomainBackground({ databaseUrl: env.databaseUrl, kafkaBrokers: env.kafkaBrokers, logger, leases: leasesFromEnv(), relay });
    const pool = superviseWorkers(cluster, workers, logger);
    logger.info("transformation-domain primary ready", { workers, port, relay });
    return runUntilSignal(async () => {
      await pool.stop();
      await background.close();
    }, logger);
  }
  const auth = await resolvePlatformAuth();
  const service = await startDomainService({
    databaseUrl: env.databaseUrl,
    kafkaBrokers: env.kafkaBrokers,
    port,
    host,
    // A worker leaves the relay and the lease sweep to its primary.
    relay: relay && cluster.isPrimary,
    leaseSweep: cluster.isPrimary,
    logger,
    auth: auth.service,
    leases: leasesFromEnv(),
  });
  logger.info("transformation-domain ready", { url: service.url, relay: relay && cluster.isPrimary });
  return runUntilSignal(() => service.close(), logger);
}

/** Forks `count` workers of this command and forks a new one (after a pause) when one dies. */
function superviseWorkers(cluster: Cluster, count: number, logger: Logger) {
  let stopping = false;
  const fork = () => cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    logger.warn("domain worker exited; starting another", { worker: worker.id, code, signal });
    setTimeout(fork, 1000).unref();
  });
  for (let i = 0; i < count; i++) fork();
  return {
    async stop() {
      stopping = true;
      const exits = Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker === undefined || worker.isDead()) return resolve();
            worker.once("exit", () => resolve());
            worker.process.kill("SIGTERM");
          }),
      );
      await Promise.all(exits);
    },
  };
}

/** An attempt's default timeout, as the executors are configured (EXECUTOR_TIMEOUT_SECONDS). */
export function leasesFromEnv(env: NodeJS.ProcessEnv = process.env): { defaultTimeoutSeconds?: number } {
  const seconds = Number(env.EXECUTOR_TIMEOUT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? { defaultTimeoutSeconds: seconds } : {};
}

/** Runs the service until SIGINT/SIGTERM; returns the exit code. */
export async function serveRelay(): Promise<number> {
  const { startRelay } = await import("@ameide/transformation-domain");
  const logger = createLogger({ service: "transformation-domain-relay" });
  const env = await resolveServiceEnv("ameide_domain", process.env, ["DATABASE_URL", "KAFKA_BROKERS"]);
  const relay = startRelay({ databaseUrl: env.databaseUrl, kafkaBrokers: env.kafkaBrokers, logger });
  logger.info("outbox relay running");
  return runUntilSignal(() => relay.stop(), logger);
}

/** Runs the service until SIGINT/SIGTERM; returns the exit code. */
export async function serveProcess(port: number, host: string): Promise<number> {
  const { startProcessService } = await import("@ameide/transformation-process");
  const logger = createLogger({ service: "transformation-process" });
  const env = await resolveServiceEnv("ameide_process");
  const auth = await resolvePlatformAuth();
  const service = await startProcessService({
    ...env,
    domainUrl: process.env.DOMAIN_URL || "http://127.0.0.1:8081",
    port,
    host,
    logger,
    auth: auth.service,
    serviceToken: auth.serviceToken("transformation-process", "process"),
  });
  logger.info("transformation-process ready", { url: service.url });
  return runUntilSignal(() => service.close(), logger);
}

/** Runs the service until SIGINT/SIGTERM; returns the exit code. */
export async function serveAll(host: string): Promise<number> {
  const { startPlatform } = await import("./start-platform.js");
  const logger = createLogger({ service: "ameide-platform" });
  const auth = await resolvePlatformAuth();
  logger.info("callers are verified", { by: auth.description });
  const platform = await startPlatform({ domainPort: 8081, processPort: 8082, projectionPort: 8083, host, logger, auth });
  logger.info("platform ready", { domain: platform.domainUrl, process: platform.processUrl, projection: platform.projectionUrl });
  return runUntilSignal(() => platform.close(), logger);
}

/** Runs the service until SIGINT/SIGTERM; returns the exit code. */
export async function serveProjection(port: number, host: string): Promise<number> {
  const { startProjectionService } = await import("@ameide/transformation-projection");
  const logger = createLogger({ service: "transformation-projection" });
  const env = await resolveServiceEnv("ameide_projection", process.env, ["DATABASE_URL", "KAFKA_BROKERS"]);
  const auth = await resolvePlatformAuth();
  const service = await startProjectionService({ databaseUrl: env.databaseUrl, kafkaBrokers: env.kafkaBrokers, port, host, logger, auth: auth.service });
  logger.info("transformation-projection ready", { url: service.url });
  return runUntilSignal(() => service.close(), logger);
}

/** Runs an executor class in pool mode (until a signal) or job mode (one intent); returns the exit code. */
export async function runExecutor(queueRef: string, mode: "pool" | "job", idleMs: number): Promise<number> {
  const { loadExecutorConfig, runExecutorJob, startExecutorPool } = await import("@ameide/transformation-executor");
  // Executors need only the broker: no database, no Temporal.
  const env = await resolveServiceEnv("", process.env, ["KAFKA_BROKERS"]);
  // A service token from AMEIDE_SERVICE_TOKEN_FILE, else (AMEIDE_AUTH_MODE=local) one the local issuer mints.
  const serviceToken = process.env.AMEIDE_SERVICE_TOKEN_FILE
    ? undefined
    : (await resolvePlatformAuth()).serviceToken(`transformation-executor/${queueRef}`, executorRole(queueRef));
  const config = loadExecutorConfig(queueRef, { domainUrl: "http://127.0.0.1:8081", kafkaBrokers: env.kafkaBrokers, serviceToken });
  const logger = createLogger({ service: "transformation-executor", queue_ref: queueRef, executor_id: config.executorId });
  if (mode === "job") return runExecutorJob(config, logger, idleMs);
  const pool = await startExecutorPool(config, logger);
  return runUntilSignal(() => pool.stop(), logger);
}
