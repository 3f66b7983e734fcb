import { createPgPool } from "@ameide/service-kit";
import { Kysely, PostgresDialect, sql } from "kysely";
import { type Migration, Migrator } from "kysely/migration";
import { type OutboxTable, outboxMigration } from "@ameide/eventing";

/** The Process database: its outbox of progress facts. */
export interface ProcessDatabase {
  outbox: OutboxTable;
}

const migrations: Record<string, Migration> = {
  "0001_outbox": outboxMigration,
  // Progress facts have deterministic ids: an emission retried by Temporal inserts nothing twice.
  "0002_outbox_message_id_unique": {
    async up(db: Kysely<unknown>) {
      await sql`create unique index outbox_message_id on outbox (message_id)`.execute(db);
    },
  },
};

/** Opens and migrates the Process database. */
export async function openProcessDb(databaseUrl: string): Promise<Kysely<ProcessDatabase>> {
  const db = new Kysely<ProcessDatabase>({ dialect: new PostgresDialect({ pool: createPgPool({ connectionString: databaseUrl, max: 10 }) }) });
  const { error, results } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "(unknown)";
    throw new Error(`process migration ${failed} failed`, { cause: error });
  }
  return db;
}
