import { executorRole } from "@ameide/auth";
import { createLogger, resolveServiceEnv, runUntilSignal } from "@ameide/service-kit";
import { resolvePlatformAuth } from "./platform-auth.js";

// Each service's entry point, engines from the environment or the local stack. Services are
// imported when started, so serving one does not load the others.

/** Runs the service until SIGINT/SIGTERM; returns the exit code. */
export async function serveDomain(port: number, host: string, relay: boolean): Promise<number> {
  const { startDomainService } = await import("@ameide/transformation-domain");
  const logger = createLogger({ service: "transformation-domain" });
  const env = await resolveServiceEnv("ameide_domain", process.env, ["DATABASE_URL", "KAFKA_BROKERS"]);
  const auth = await resolvePlatformAuth();
  const service = await startDomainService({
    databaseUrl: env.databaseUrl,
    kafkaBrokers: env.kafkaBrokers,
    port,
    host,
    relay,
    logger,
    auth: auth.service,
    leases: leasesFromEnv(),
  });
  logger.info("transformation-domain ready", { url: service.url, relay });
  return runUntilSignal(() => service.close(), logger);
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
