import { availableParallelism } from "node:os";
import { CliError, ExitCode } from "./cli-errors.js";
import { quietTemporalLogs } from "./temporal-logs.js";

const defaultPorts: Record<string, number> = { domain: 8081, relay: 8081, process: 8082, projection: 8083 };

/** `ameide serve <service>`: runs a service until SIGINT/SIGTERM; returns the exit code. */
export async function serveCommand(service: string, options: { port?: string; host?: string; workers?: string }): Promise<number> {
  const port = Number(options.port ?? process.env.PORT ?? defaultPorts[service] ?? 8081);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port ${options.port ?? process.env.PORT} is not a port number`, "give 0-65535 (0: any free port)", ExitCode.Usage);
  const host = options.host ?? process.env.HOST ?? "127.0.0.1";
  const platform = await import("@ameide/platform");
  switch (service) {
    case "domain":
      return platform.serveDomain(port, host, process.env.OUTBOX_RELAY !== "off", domainWorkers(options.workers));
    case "relay":
      return platform.serveRelay();
    case "process":
      quietTemporalLogs();
      return platform.serveProcess(port, host);
    case "projection":
      return platform.serveProjection(port, host);
    default:
      quietTemporalLogs();
      return platform.serveAll(host);
  }
}

/** Worker processes of the Domain: --workers, else DOMAIN_WORKERS, else one per available core. */
function domainWorkers(flag: string | undefined): number {
  const text = flag ?? process.env.DOMAIN_WORKERS;
  if (text === undefined || text === "") return availableParallelism();
  const workers = Number(text);
  if (!Number.isInteger(workers) || workers < 1)
    throw new CliError(`--workers ${text} is not a positive integer`, "give 1 or more (1: one process)", ExitCode.Usage);
  return workers;
}
