import { type Generated, type Kysely, sql } from "kysely";
import type { Migration } from "kysely/migration";

/** Channel the outbox trigger notifies on commit; relays LISTEN on it. */
export const outboxChannel = "ameide_outbox";

/**
 * The outbox table. `tx_id` is the writing transaction's id: relays read only rows below the
 * snapshot horizon, in (tx_id, id) order, so a transaction that commits late is never skipped.
 */
export const outboxMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      create table outbox (
        id bigserial primary key,
        tx_id xid8 not null default pg_current_xact_id(),
        topic text not null,
        partition_key text not null,
        message_id text not null,
        type_name text not null,
        payload bytea not null,
        headers jsonb not null,
        created_at timestamptz not null default now(),
        sent_at timestamptz
      )`.execute(db);
    await sql`create index outbox_pending on outbox (tx_id, id) where sent_at is null`.execute(db);
    await sql`create index outbox_sent_at on outbox (sent_at) where sent_at is not null`.execute(db);
    await sql`
      create function outbox_notify() returns trigger language plpgsql as $$
      begin
        perform pg_notify(${sql.lit(outboxChannel)}, '');
        return null;
      end $$`.execute(db);
    await sql`
      create trigger outbox_notify after insert on outbox
      for each statement execute function outbox_notify()`.execute(db);
  },
};

/** Row shape of the outbox table, for kysely database types. */
export interface OutboxTable {
  id: Generated<string>;
  tx_id: Generated<string>;
  topic: string;
  partition_key: string;
  message_id: string;
  type_name: string;
  payload: Uint8Array;
  headers: Record<string, string>;
  created_at: Generated<Date>;
  sent_at: Date | null;
}
