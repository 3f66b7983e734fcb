import { DefaultLogger, Runtime } from "@temporalio/worker";

/** Temporal's worker lifecycle INFO lines would drown the CLI's own output; warnings still show. */
export function quietTemporalLogs(): void {
  // No shutdown signals of Temporal's own: the services close gracefully on SIGTERM/SIGINT themselves.
  Runtime.install({ logger: new DefaultLogger("WARN"), shutdownSignals: [] });
}
