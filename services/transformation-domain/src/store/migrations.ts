import { type Kysely, sql } from "kysely";
import { type Migration, Migrator } from "kysely/migration";
import { outboxMigration } from "@ameide/eventing";

// Versioned migrations; names sort in apply order. Never edit an applied one: add the next.
const migrations: Record<string, Migration> = {
  "0001_outbox": outboxMigration,
  "0002_work_request": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table work_request (
          tenant_id text not null,
          work_request_id text not null,
          client_request_id text not null,
          repository_id text not null,
          status text not null,
          version bigint not null,
          snapshot bytea not null,
          updated_at timestamptz not null,
          primary key (tenant_id, work_request_id),
          unique (tenant_id, client_request_id)
        )`.execute(db);
    },
  },
  "0003_element": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table element (
          tenant_id text not null,
          element_id text not null,
          repository_id text not null,
          version bigint not null,
          snapshot bytea not null,
          updated_at timestamptz not null,
          primary key (tenant_id, element_id)
        )`.execute(db);
    },
  },
  "0004_processed_command": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table processed_command (
          tenant_id text not null,
          command text not null,
          idempotency_key text not null,
          fingerprint text not null,
          aggregate_id text not null,
          created_at timestamptz not null default now(),
          primary key (tenant_id, command, idempotency_key)
        )`.execute(db);
    },
  },
  "0005_work_request_lease": {
    async up(db: Kysely<unknown>) {
      await sql`alter table work_request add column lease_expires_at timestamptz`.execute(db);
      // The lease sweep reads only started work whose lease ran out.
      await sql`create index work_request_lease on work_request (lease_expires_at) where status = 'STARTED'`.execute(db);
    },
  },
  "0006_repository": {
    async up(db: Kysely<unknown>) {
      await sql`
        create table repository (
          tenant_id text not null,
          repository_id text not null,
          snapshot bytea not null,
          updated_at timestamptz not null,
          primary key (tenant_id, repository_id)
        )`.execute(db);
    },
  },
};

/** Applies every pending migration; fails with the name of the one that broke. */
export async function migrateDomainDb<DB>(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error !== undefined) {
    throw new Error(`domain migration ${failed?.migrationName ?? "(unknown)"} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  }
}
