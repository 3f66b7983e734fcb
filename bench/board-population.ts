import { fromBinary, toBinary } from "@bufbuild/protobuf";
import type { Kysely } from "kysely";
import type pg from "pg";
import { CardSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { applyFact, boardIdOf, type MappingSource } from "@ameide/transformation-projection";
import type { ProjectionDatabase } from "@ameide/transformation-projection";
import { completedRun } from "@ameide/transformation-projection/test-fixtures";
import { benchCardId } from "./fact-ingest.js";

/** One real card per open column, without its id and sequences: the rows bulk cards are made of. */
export interface CardTemplate {
  readonly columnKey: string;
  readonly seq: string;
  /** The encoded Card with `card_id` and `updated_board_seq` left out (proto3 defaults are not encoded). */
  readonly view: Uint8Array;
  readonly viewBytes: number;
}

/** The board scope of the fixture's runs (`runFacts`) under a tenant. */
export function fixtureScope(tenantId: string) {
  return {
    tenantId,
    organizationId: "org",
    repositoryId: "repo",
    initiativeId: "init-1",
    boardKind: "transformation.run",
    processDefinitionId: "transformation.r2r.v1",
  };
}

// How many of completedRun's facts bring a card into each open column (intake .. release).
const prefixes: ReadonlyArray<[string, number]> = [
  ["intake", 1],
  ["triage", 3],
  ["awaiting_approval", 5],
  ["execution", 11],
  ["release", 12],
];

/** Builds one card per open column through `applyFact` (under `tenantId`) and keeps its view as a template. */
export async function cardTemplates(db: Kysely<ProjectionDatabase>, tenantId: string, mappingFor: MappingSource): Promise<CardTemplate[]> {
  const templates: CardTemplate[] = [];
  for (const [columnKey, facts] of prefixes) {
    const cardId = `template-${columnKey}`;
    for (const record of completedRun(tenantId, cardId).slice(0, facts)) await applyFact(db, record, mappingFor);
    const row = await db
      .selectFrom("card")
      .select(["column_key", "seq", "view"])
      .where("tenant_id", "=", tenantId)
      .where("card_id", "=", cardId)
      .executeTakeFirstOrThrow();
    if (row.column_key !== columnKey)
      throw new Error(`template card ${cardId} landed in column ${row.column_key}, not ${columnKey}: the fixture's facts or the column mapping changed`);
    const card = fromBinary(CardSchema, row.view);
    card.cardId = "";
    card.updatedBoardSeq = 0n;
    const view = toBinary(CardSchema, card);
    templates.push({ columnKey, seq: String(row.seq), view, viewBytes: row.view.byteLength });
  }
  return templates;
}

// A protobuf varint of an int expression below 2^21 (three bytes at most), in SQL.
const varint = (x: string) => `case when ${x} < 128 then set_byte('\\x00'::bytea, 0, ${x})
  when ${x} < 16384 then set_byte(set_byte('\\x0000'::bytea, 0, (${x} & 127) | 128), 1, ${x} >> 7)
  else set_byte(set_byte(set_byte('\\x000000'::bytea, 0, (${x} & 127) | 128), 1, ((${x} >> 7) & 127) | 128), 2, ${x} >> 14) end`;

/** How many of bulk cards 1..`cards` are in a column (card n takes template n mod templates). */
export function bulkCardsIn(templates: readonly CardTemplate[], columnKey: string, cards: number): number {
  const index = templates.findIndex((t) => t.columnKey === columnKey);
  if (index < 0) return 0;
  const first = index === 0 ? templates.length : index;
  return cards < first ? 0 : Math.floor((cards - first) / templates.length) + 1;
}

/** The largest board the SQL varint above can number. */
export const maxBulkCards = 2 ** 21 - 1;

/**
 * Inserts cards `from`..`to` (1-based; card n in the column of template n mod 5, at
 * updated_board_seq n) straight into `card`, and moves the board row to board_seq `to`. Each view
 * is the template's bytes with field 1 (card_id) prepended and field 15 (updated_board_seq)
 * appended: protobuf fields may come in any order, so this decodes as the Card applyFact would
 * have written, without folding any fact. No card_fact rows: board pages never read them.
 */
export async function insertBulkCards(
  db: pg.Pool,
  tenantId: string,
  cardPrefix: string,
  templates: readonly CardTemplate[],
  from: number,
  to: number,
): Promise<void> {
  const scope = fixtureScope(tenantId);
  const boardId = boardIdOf(tenantId, scope);
  await db.query(
    `insert into board (board_id, tenant_id, organization_id, repository_id, initiative_id, board_kind, process_definition_id, board_seq)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (board_id) do update set board_seq = excluded.board_seq`,
    [boardId, tenantId, scope.organizationId, scope.repositoryId, scope.initiativeId, scope.boardKind, scope.processDefinitionId, to],
  );
  await db.query(
    `insert into card (tenant_id, card_id, board_id, column_key, seq, archived, updated_board_seq, view)
     select $1, c.id, $2, t.column_key, t.seq, false, c.n, '\\x0a'::bytea || ${varint("octet_length(c.id)")} || convert_to(c.id, 'UTF8') || t.view || '\\x78'::bytea || ${varint("c.n")}
     from (select n, $3 || '-' || lpad(n::text, 7, '0') as id from generate_series($4::int, $5::int) n) c
     join unnest($6::text[], $7::bigint[], $8::bytea[]) with ordinality t(column_key, seq, view, k) on t.k = c.n % $9 + 1`,
    [
      tenantId,
      boardId,
      cardPrefix,
      from,
      to,
      templates.map((t) => t.columnKey),
      templates.map((t) => t.seq),
      templates.map((t) => Buffer.from(t.view)),
      templates.length,
    ],
  );
  // The column counts the projection keeps with every card change, for the cards inserted here.
  await db.query(
    `insert into board_column_count (board_id, column_key, archived, n)
     select board_id, column_key, archived, count(*) from card
     where board_id = $1 and card_id like $2 || '-%' and card_id between $2 || '-' || lpad($3::text, 7, '0') and $2 || '-' || lpad($4::text, 7, '0')
     group by board_id, column_key, archived
     on conflict (board_id, column_key, archived) do update set n = board_column_count.n + excluded.n`,
    [boardId, cardPrefix, from, to],
  );
  // A board that grew to this size would have been vacuumed and analysed by autovacuum by now.
  await db.query("vacuum analyze card");
  await checkBulkCards(db, tenantId, cardPrefix, [from, Math.floor((from + to) / 2), to]);
}

/** Decodes a few bulk rows: the spliced view must say what the row's columns say. */
async function checkBulkCards(db: pg.Pool, tenantId: string, cardPrefix: string, numbers: readonly number[]): Promise<void> {
  const ids = numbers.map((n) => benchCardId(cardPrefix, n));
  const { rows } = await db.query<{ card_id: string; column_key: string; updated_board_seq: string; view: Buffer }>(
    "select card_id, column_key, updated_board_seq, view from card where tenant_id = $1 and card_id = any($2)",
    [tenantId, ids],
  );
  for (const row of rows) {
    const card = fromBinary(CardSchema, row.view);
    if (card.cardId !== row.card_id || card.columnKey !== row.column_key || String(card.updatedBoardSeq) !== String(row.updated_board_seq)) {
      throw new Error(`bulk card ${row.card_id} decodes as ${card.cardId} in ${card.columnKey} at ${card.updatedBoardSeq}: the view splice is wrong`);
    }
  }
  if (rows.length !== ids.length) throw new Error(`bulk cards ${ids.join(", ")}: found ${rows.length} rows`);
}
