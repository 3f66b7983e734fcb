import { createLogger, resolveServiceEnv, runUntilSignal } from "@ameide/service-kit";
import { CliError, ExitCode } from "./cli-errors.js";
import { quietTemporalLogs } from "./temporal-logs.js";

const defaultPorts: Record<string, number> = { domain: 8081, relay: 8081, process: 8082, projection: 8083 };

/** `ameide serve <service>`: runs a service until SIGINT/SIGTERM; returns the exit code. */
export async function serveCommand(service: string, options: { port?: string; host?: string }): Promise<number> {
  const port = Number(options.port ?? process.env.PORT ?? defaultPorts[service] ?? 8081);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port ${options.port ?? process.env.PORT} is not a port number`, "give 0-65535 (0: any free port)", ExitCode.Usage);
  const host = options.host ?? process.env.HOST ?? "127.0.0.1";
  switch (service) {
    case "domain":
      return serveDomain(port, host, process.env.OUTBOX_RELAY !== "off");
    case "relay":
      return serveRelay();
    case "process":
      quietTemporalLogs();
      return serveProcess(port, host);
    case "projection":
      return serveProjection(port, host);
    default:
      quietTemporalLogs();
      return serveAll(host);
  }
}

async function serveDomain(port: number, host: string, relay: boolean): Promise<number> {
  const { startDomainService } = await import("@ameide/transformation-domain");
  const logger = createLogger({ service: "transformation-domain" });
  const env = await resolveServiceEnv("ameide_domain", process.env, ["DATABASE_URL", "KAFKA_BROKERS"]);
  const service = await startDomainService({ databaseUrl: env.databaseUrl, kafkaBrokers: env.kafkaBrokers, port, host, relay, logger });
  logger.info("transformation-domain ready", { url: service.url, relay });
  return runUntilSignal(() => service.close(), logger);
}

async function serveRelay(): Promise<number> {
  const { startRelay } = await import("@ameide/transformation-domain");
  const logger = createLogger({ service: "transformation-domain-relay" });
  const env = await resolveServiceEnv("ameide_domain", process.env, ["DATABASE_URL", "KAFKA_BROKERS"]);
  const relay = startRelay({ databaseUrl: env.databaseUrl, kafkaBrokers: env.kafkaBrokers, logger });
  logger.info("outbox relay running");
  return runUntilSignal(() => relay.stop(), logger);
}

async function serveProcess(port: number, host: string): Promise<number> {
  const { startProcessService } = await import("@ameide/transformation-process");
  const logger = createLogger({ service: "transformation-process" });
  const env = await resolveServiceEnv("ameide_process");
  const service = await startProcessService({ ...env, domainUrl: process.env.DOMAIN_URL || "http://127.0.0.1:8081", port, host, logger });
  logger.info("transformation-process ready", { url: service.url });
  return runUntilSignal(() => service.close(), logger);
}

async function serveAll(host: string): Promise<number> {
  const { startPlatform } = await import("./platform.js");
  const logger = createLogger({ service: "ameide-platform" });
  const platform = await startPlatform({ domainPort: 8081, processPort: 8082, projectionPort: 8083, host, logger });
  logger.info("platform ready", { domain: platform.domainUrl, process: platform.processUrl, projection: platform.projectionUrl });
  return runUntilSignal(() => platform.close(), logger);
}

async function serveProjection(port: number, host: string): Promise<number> {
  const { startProjectionService } = await import("@ameide/transformation-projection");
  const logger = createLogger({ service: "transformation-projection" });
  const env = await resolveServiceEnv("ameide_projection", process.env, ["DATABASE_URL", "KAFKA_BROKERS"]);
  const service = await startProjectionService({ databaseUrl: env.databaseUrl, kafkaBrokers: env.kafkaBrokers, port, host, logger });
  logger.info("transformation-projection ready", { url: service.url });
  return runUntilSignal(() => service.close(), logger);
}
