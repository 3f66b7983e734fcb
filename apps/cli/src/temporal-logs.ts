import { DefaultLogger, Runtime } from "@temporalio/worker";

/** Temporal's worker lifecycle INFO lines would drown the CLI's own output; warnings still show. */
export function quietTemporalLogs(): void {
  Runtime.install({ logger: new DefaultLogger("WARN") });
}
