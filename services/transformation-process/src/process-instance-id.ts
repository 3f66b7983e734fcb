import { createHash } from "node:crypto";

/** Prefix of every run's process instance id (= Temporal Workflow Id = Kanban card id). */
export const processInstancePrefix = "r2r-";

/**
 * The process instance id of StartRun: derived from the tenant and the caller's idempotency key,
 * so a retried StartRun names the same workflow and can never start a second run.
 */
export function processInstanceIdFor(tenantId: string, idempotencyKey: string): string {
  return processInstancePrefix + createHash("sha256").update(`${tenantId}\u0000${idempotencyKey}`).digest("hex").slice(0, 32);
}
