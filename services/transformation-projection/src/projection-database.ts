import { createPgPool } from "@ameide/service-kit";
import { Kysely, PostgresDialect, sql } from "kysely";
import { type Migration, Migrator } from "kysely/migration";

/** Consumer inbox: one row per applied message, written in the same transaction as its effect. */
export interface InboxTable {
  message_id: string;
  topic: string;
  applied_at: Date;
}

/** A board: one scope, with the sequence that advances on every effective card change. */
export interface BoardTable {
  board_id: string;
  tenant_id: string;
  organization_id: string;
  repository_id: string;
  initiative_id: string;
  board_kind: string;
  process_definition_id: string;
  board_seq: string;
}

/** A card's current view (the Card message) plus the columns queries filter and order on. */
export interface CardTable {
  tenant_id: string;
  card_id: string;
  board_id: string | null;
  column_key: string;
  seq: string;
  archived: boolean;
  updated_board_seq: string;
  view: Uint8Array;
}

/** Every fact that concerns a card, kept so views and timelines are recomputed from the full set. */
export interface CardFactTable {
  tenant_id: string;
  card_id: string;
  message_id: string;
  source_topic: string;
  payload: Uint8Array;
}

/** Which card a knowledge element belongs to (ElementPublished does not name its run). */
export interface ElementCardTable {
  tenant_id: string;
  element_id: string;
  card_id: string;
}

/** Phase -> column mapping data, per process definition (projection-owned, not UI logic). */
export interface ColumnMappingTable {
  process_definition_id: string;
  phase_key: string;
  column_key: string;
  title: string;
  position: number;
}

/** Last applied offset per topic partition, for read_context. */
export interface SourcePositionTable {
  topic: string;
  partition: number;
  offset: string;
}

/** The projection's schema. */
/** Cards per board, column and archived flag, kept with every card change (board page counts). */
export interface BoardColumnCountTable {
  board_id: string;
  column_key: string;
  archived: boolean;
  n: string;
}

export interface ProjectionDatabase {
  inbox: InboxTable;
  board: BoardTable;
  card: CardTable;
  card_fact: CardFactTable;
  element_card: ElementCardTable;
  column_mapping: ColumnMappingTable;
  source_position: SourcePositionTable;
  board_column_count: BoardColumnCountTable;
}

/** Channel the projection notifies on when a board's sequence advances (payload `board_id:seq`). */
export const boardChannel = "ameide_board";

const r2rColumns: Array<[string, string, string, number]> = [
  ["intake", "intake", "Intake", 1],
  ["triage", "triage", "Triage", 2],
  ["awaiting_approval", "awaiting_approval", "Awaiting approval", 3],
  ["execution", "execution", "Execution", 4],
  ["release", "release", "Release", 5],
  ["done", "done", "Done", 6],
  ["failed", "failed", "Failed", 7],
];

const migrations: Record<string, Migration> = {
  "0001_read_model": {
    async up(db: Kysely<unknown>) {
      await sql`create table inbox (message_id text primary key, topic text not null, applied_at timestamptz not null default now())`.execute(db);
      await sql`create table board (board_id text primary key, tenant_id text not null, organization_id text not null, repository_id text not null, initiative_id text not null, board_kind text not null, process_definition_id text not null, board_seq bigint not null default 0)`.execute(
        db,
      );
      await sql`create table card (tenant_id text not null, card_id text not null, board_id text, column_key text not null, seq bigint not null default 0, archived boolean not null default false, updated_board_seq bigint not null default 0, view bytea not null, primary key (tenant_id, card_id))`.execute(
        db,
      );
      await sql`create index card_board_column on card (board_id, column_key, card_id)`.execute(db);
      await sql`create index card_board_updated on card (board_id, updated_board_seq)`.execute(db);
      await sql`create table card_fact (tenant_id text not null, card_id text not null, message_id text not null, source_topic text not null, payload bytea not null, primary key (tenant_id, card_id, message_id))`.execute(
        db,
      );
      await sql`create table element_card (tenant_id text not null, element_id text not null, card_id text not null, primary key (tenant_id, element_id))`.execute(
        db,
      );
      await sql`create table column_mapping (process_definition_id text not null, phase_key text not null, column_key text not null, title text not null, position int not null, primary key (process_definition_id, phase_key))`.execute(
        db,
      );
      await sql`create table source_position (topic text not null, partition int not null, "offset" bigint not null, primary key (topic, partition))`.execute(
        db,
      );
      for (const [phase, column, title, position] of r2rColumns) {
        await sql`insert into column_mapping values ('transformation.r2r.v1', ${phase}, ${column}, ${title}, ${position})`.execute(db);
      }
    },
  },
  // Board pages order by card_id within a board; most cards of a long-lived board are archived,
  // so the default (active) queries get partial indexes of their own.
  "0002_board_page_indexes": {
    async up(db: Kysely<unknown>) {
      await sql`create index card_board_card on card (board_id, card_id)`.execute(db);
      await sql`create index card_board_active_card on card (board_id, card_id) where not archived`.execute(db);
      await sql`create index card_board_active_column on card (board_id, column_key) where not archived`.execute(db);
    },
  },
  // A board page's column counts are read from a table kept with the cards (constant time),
  // not counted over every card of the board.
  "0003_board_column_count": {
    async up(db: Kysely<unknown>) {
      await sql`create table board_column_count (board_id text not null, column_key text not null, archived boolean not null, n bigint not null, primary key (board_id, column_key, archived))`.execute(
        db,
      );
      await sql`
        insert into board_column_count (board_id, column_key, archived, n)
        select board_id, column_key, archived, count(*) from card where board_id is not null and column_key <> '' group by board_id, column_key, archived`.execute(
        db,
      );
    },
  },
};

/** Opens and migrates the projection database. */
export async function openProjectionDb(databaseUrl: string, maxConnections = 10): Promise<Kysely<ProjectionDatabase>> {
  const db = new Kysely<ProjectionDatabase>({ dialect: new PostgresDialect({ pool: createPgPool({ connectionString: databaseUrl, max: maxConnections }) }) });
  const { error, results } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateToLatest();
  if (error !== undefined) {
    throw new Error(`projection migration ${results?.find((r) => r.status === "Error")?.migrationName ?? "(unknown)"} failed`, { cause: error });
  }
  return db;
}
