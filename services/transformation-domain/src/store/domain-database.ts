import { createPgPool } from "@ameide/service-kit";
import { Kysely, PostgresDialect } from "kysely";
import type { OutboxTable } from "@ameide/eventing";

/** A WorkRequest row: key columns for lookups plus the full snapshot (protobuf binary). */
export interface WorkRequestTable {
  tenant_id: string;
  work_request_id: string;
  client_request_id: string;
  repository_id: string;
  status: string;
  version: string;
  snapshot: Uint8Array;
  updated_at: Date;
  /** While STARTED: when the current attempt's lease ends. */
  lease_expires_at: Date | null;
}

/** An Element row: key columns plus the full snapshot with every version. */
export interface ElementTable {
  tenant_id: string;
  element_id: string;
  repository_id: string;
  version: string;
  snapshot: Uint8Array;
  updated_at: Date;
}

/** Idempotency keys of commands already applied, with a fingerprint of their payload. */
export interface ProcessedCommandTable {
  tenant_id: string;
  command: string;
  idempotency_key: string;
  fingerprint: string;
  aggregate_id: string;
  created_at: Date;
}

/** A registered repository of a tenant (the Repository message as protobuf binary). */
export interface RepositoryTable {
  tenant_id: string;
  repository_id: string;
  snapshot: Uint8Array;
  updated_at: Date;
}

/** The Domain's Postgres schema. */
export interface DomainDatabase {
  repository: RepositoryTable;
  work_request: WorkRequestTable;
  element: ElementTable;
  processed_command: ProcessedCommandTable;
  outbox: OutboxTable;
}

/** Opens the Domain database. */
export function createDomainDb(databaseUrl: string, maxConnections = 20): Kysely<DomainDatabase> {
  return new Kysely<DomainDatabase>({
    dialect: new PostgresDialect({ pool: createPgPool({ connectionString: databaseUrl, max: maxConnections }) }),
  });
}
