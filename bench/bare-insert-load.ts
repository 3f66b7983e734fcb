import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { type LoadRun, runClosedLoop } from "./closed-loop.js";
import { clientRequestIdPrefix } from "./request-work-clients.js";

/** The baseline's table: work_request's columns, keys and indexes, with no outbox next to it. */
export const bareTable = "bench_bare_insert";

/** Creates the baseline table in a migrated Domain database. */
export async function createBareTable(db: pg.Pool): Promise<void> {
  await db.query(`create table ${bareTable} (like work_request including all)`);
}

/** How to run the baseline. */
export interface BareInsertOptions {
  readonly databaseUrl: string;
  readonly clients: number;
  readonly durationMs: number;
  readonly tenantId: string;
  readonly snapshotBytes: number;
  readonly signal?: AbortSignal;
}

/** `clients` loops of single-row inserts (one transaction each) through a bare pg Pool. */
export async function runBareInserts(options: BareInsertOptions): Promise<LoadRun> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.clients });
  // An idle client's error must not crash the run; a broken connection is replaced on checkout.
  pool.on("error", () => undefined);
  const snapshot = randomBytes(options.snapshotBytes);
  const insert = `insert into ${bareTable} (tenant_id, work_request_id, client_request_id, repository_id, status, version, snapshot, updated_at)
    values ($1, $2, $3, $4, 'REQUESTED', 1, $5, $6)`;
  try {
    // The service's pool is warm when its run starts; this one must be too.
    await Promise.all(Array.from({ length: options.clients }, () => pool.query("select 1")));
    return await runClosedLoop({
      clients: options.clients,
      durationMs: options.durationMs,
      signal: options.signal,
      call: (_client, seq) => pool.query(insert, [options.tenantId, randomUUID(), `${clientRequestIdPrefix}${seq}`, "bench-repo", snapshot, new Date()]),
    });
  } finally {
    await pool.end();
  }
}
