import { createLogger, resolveServiceEnv, runUntilSignal } from "@ameide/service-kit";

const usage = `usage: ameide serve <service> [--port N] [--host H]

  domain     Transformation Domain: Work + knowledge Connect surfaces, outbox relay (default port 8081)
  relay      the Domain's outbox relay alone (for a separate deployment)`;

/** Runs `ameide serve <service>` until SIGINT/SIGTERM; returns the exit code. */
export async function serveCommand(args: string[]): Promise<number> {
  const [service, ...rest] = args;
  const port = Number(flag(rest, "--port") ?? process.env.PORT ?? 8081);
  const host = flag(rest, "--host") ?? process.env.HOST ?? "127.0.0.1";
  switch (service) {
    case "domain":
      return serveDomain(port, host, process.env.OUTBOX_RELAY !== "off");
    case "relay":
      return serveRelay();
    default:
      console.error(usage);
      return 2;
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

function flag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}
