import { create } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import { type Kysely, sql } from "kysely";
import {
  type BoardRef,
  BoardRefSchema,
  type BoardScope,
  type Column,
  ColumnSchema,
  type ReadContext,
  ReadContextSchema,
} from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { boardIdOf } from "./apply-fact.js";
import { columnKindOf } from "./card-view.js";
import type { ProjectionDatabase } from "./projection-database.js";
import { appendStoredCard, type CardEncoding } from "./stored-cards.js";

/** Version of the read model and mapping, stamped on every response. */
export const projectionVersion = "kanban.v1/r2r-columns.v1";

/** Defaults a scope leaves open: the Transformation run board. */
export function resolvedScope(scope: BoardScope | undefined) {
  return {
    tenantId: scope?.tenantId ?? "",
    organizationId: scope?.organizationId ?? "",
    repositoryId: scope?.repositoryId ?? "",
    initiativeId: scope?.initiativeId ?? "",
    boardKind: scope?.boardKind || "transformation.run",
    processDefinitionId: scope?.processDefinitionId || "transformation.r2r.v1",
  };
}

/** The board a scope names. */
export function boardOf(scope: BoardScope | undefined): { boardId: string; ref: BoardRef } {
  const s = resolvedScope(scope);
  const boardId = boardIdOf(s.tenantId, s);
  return { boardId, ref: create(BoardRefSchema, { boardId, scope: { ...s } }) };
}

/** The board's current sequence (0 when nothing was projected for it yet). */
export async function boardSeqOf(db: Kysely<ProjectionDatabase>, boardId: string): Promise<bigint> {
  const row = await db.selectFrom("board").select("board_seq").where("board_id", "=", boardId).executeTakeFirst();
  return BigInt(row?.board_seq ?? 0);
}

/** What a response read: the board's seq and the applied source offsets, in one statement. */
export async function boardHead(db: Kysely<ProjectionDatabase>, boardId: string): Promise<ReadContext> {
  const { rows } = await sql<{ board_seq: string; positions: Record<string, string> }>`
    select ${boardSeqText(boardId)} as board_seq, ${sourcePositionsJson} as positions`.execute(db);
  return readContextOf(BigInt(rows[0]?.board_seq ?? "0"), rows[0]?.positions ?? {});
}

function readContextOf(boardSeq: bigint, sourcePositions: Record<string, string>): ReadContext {
  return create(ReadContextSchema, { boardSeq, readAt: timestampNow(), projectionVersion, sourcePositions });
}

/** SQL for a board's seq as text (0 before anything was projected for it). */
const boardSeqText = (boardId: string) => sql`coalesce((select board_seq from board where board_id = ${boardId}), 0)::text`;
/** SQL for the applied source offsets as a JSON object, `topic/partition` -> offset. */
const sourcePositionsJson = sql`(select coalesce(json_object_agg(topic || '/' || partition, "offset"::text), '{}') from source_position)`;

/** The page statement's rows: first the board's head (seq, mapping, counts, offsets), then one per card. */
interface PageRow {
  head: { board_seq: string; mapping: Array<[string, string, number]>; counts: Record<string, string>; positions: Record<string, string> } | null;
  card_id: string | null;
  column_key: string | null;
  view: Buffer | null;
}

/**
 * A page of a board: columns from the mapping data, cards ordered by card_id (stable paging), and
 * the board_seq and source offsets it reflects. One statement, so one snapshot and one round trip:
 * the seq, the counts and the cards always agree.
 */
export async function boardPage(
  db: Kysely<ProjectionDatabase>,
  boardId: string,
  processDefinitionId: string,
  page: { size: number; token: string; columnKey: string; includeArchived: boolean },
  encoding: CardEncoding,
): Promise<{ columns: Column[]; nextPageToken: string; readContext: ReadContext }> {
  const active = page.includeArchived ? sql`` : sql`and archived = false`;
  const inColumn = page.columnKey === "" ? sql`` : sql`and column_key = ${page.columnKey}`;
  const after = page.token === "" ? sql`` : sql`and card_id > ${page.token}`;
  const { rows } = await sql<PageRow>`
    select 0 as part, json_build_object(
      'board_seq', ${boardSeqText(boardId)},
      'mapping', (select coalesce(json_agg(json_build_array(column_key, title, position) order by position), '[]')
                  from column_mapping where process_definition_id = ${processDefinitionId}),
      'counts', (select coalesce(json_object_agg(column_key, n::text), '{}')
                 from (select column_key, sum(n) as n from board_column_count where board_id = ${boardId} ${active} group by column_key) c),
      'positions', ${sourcePositionsJson}
    ) as head, null as card_id, null as column_key, null::bytea as view
    union all
    (select 1, null, card_id, column_key, view from card where board_id = ${boardId} ${active} ${inColumn} ${after} order by card_id limit ${page.size + 1})
    order by part, card_id`.execute(db);
  const head = rows[0]?.head;
  if (head === undefined || head === null) throw new Error("the board page statement returned no head row");
  const cards = rows.slice(1);
  const more = cards.length > page.size;
  const columns = new Map<string, Column>();
  for (const [columnKey, title, position] of head.mapping) {
    if (columns.has(columnKey) || (page.columnKey !== "" && columnKey !== page.columnKey)) continue;
    columns.set(
      columnKey,
      create(ColumnSchema, { columnKey, kind: columnKindOf(columnKey), title, position, cardCount: BigInt(head.counts[columnKey] ?? "0") }),
    );
  }
  for (const card of cards.slice(0, page.size)) {
    const column = columns.get(card.column_key ?? "");
    if (column !== undefined && card.view !== null) appendStoredCard(column, ColumnSchema.field.cards, card.view, encoding);
  }
  return {
    columns: [...columns.values()],
    nextPageToken: more ? (cards[page.size - 1]?.card_id ?? "") : "",
    readContext: readContextOf(BigInt(head.board_seq), head.positions),
  };
}

/** The deltas statement's rows: first the board's head (seq, offsets), then one per changed card. */
interface DeltaRow {
  head: { board_seq: string; positions: Record<string, string> } | null;
  card_id: string | null;
  archived: boolean | null;
  updated_board_seq: string | null;
  view: Buffer | null;
}

/** A card as stored, for a response to carry (see stored-cards). */
export interface StoredCard {
  readonly cardId: string;
  readonly archived: boolean;
  readonly view: Uint8Array;
}

/**
 * Cards changed after `since`, in board_seq order, with the board_seq the caller continues from
 * (the last card's when more are waiting, else the board's) and the source offsets. One statement,
 * so the seq and the cards come from one snapshot.
 */
export async function boardDeltas(
  db: Kysely<ProjectionDatabase>,
  boardId: string,
  since: bigint,
  limit: number,
): Promise<{ cards: StoredCard[]; hasMore: boolean; boardSeq: bigint; readContext: ReadContext }> {
  const { rows } = await sql<DeltaRow>`
    select 0 as part, json_build_object(
      'board_seq', ${boardSeqText(boardId)},
      'positions', ${sourcePositionsJson}
    ) as head, null as card_id, null::boolean as archived, null::bigint as updated_board_seq, null::bytea as view
    union all
    (select 1, null, card_id, archived, updated_board_seq, view from card
     where board_id = ${boardId} and updated_board_seq > ${since.toString()} order by updated_board_seq limit ${limit + 1})
    order by part, updated_board_seq`.execute(db);
  const head = rows[0]?.head;
  if (head === undefined || head === null) throw new Error("the board deltas statement returned no head row");
  const changed = rows.slice(1);
  const hasMore = changed.length > limit;
  const page = changed.slice(0, limit);
  const last = page.at(-1)?.updated_board_seq;
  const boardSeq = hasMore && last != null ? BigInt(last) : BigInt(head.board_seq);
  return {
    cards: page.map((r) => ({ cardId: r.card_id ?? "", archived: r.archived === true, view: r.view ?? new Uint8Array() })),
    hasMore,
    boardSeq,
    readContext: readContextOf(boardSeq, head.positions),
  };
}
