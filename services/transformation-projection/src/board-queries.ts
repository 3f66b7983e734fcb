import { create, fromBinary } from "@bufbuild/protobuf";
import { timestampNow } from "@bufbuild/protobuf/wkt";
import type { Kysely } from "kysely";
import {
  type BoardRef,
  BoardRefSchema,
  type BoardScope,
  type Card,
  CardSchema,
  type Column,
  ColumnSchema,
  type ReadContext,
  ReadContextSchema,
} from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { boardIdOf } from "./apply-fact.js";
import { columnKindOf } from "./card-view.js";
import type { ProjectionDatabase } from "./projection-database.js";

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

/** What a response read: board_seq, when, which mapping, and the applied source offsets. */
export async function readContext(db: Kysely<ProjectionDatabase>, boardSeq: bigint): Promise<ReadContext> {
  const positions = await db.selectFrom("source_position").selectAll().execute();
  return create(ReadContextSchema, {
    boardSeq,
    readAt: timestampNow(),
    projectionVersion,
    sourcePositions: Object.fromEntries(positions.map((p) => [`${p.topic}/${p.partition}`, String(p.offset)])),
  });
}

/** A page of a board: columns from the mapping data, cards ordered by card_id (stable paging). */
export async function boardPage(
  db: Kysely<ProjectionDatabase>,
  boardId: string,
  processDefinitionId: string,
  page: { size: number; token: string; columnKey: string; includeArchived: boolean },
): Promise<{ columns: Column[]; nextPageToken: string }> {
  let counts = db
    .selectFrom("board_column_count")
    .select(["column_key", db.fn.sum<string>("n").as("n")])
    .where("board_id", "=", boardId)
    .groupBy("column_key");
  let cards = db
    .selectFrom("card")
    .select(["card_id", "view"])
    .where("board_id", "=", boardId)
    .orderBy("card_id")
    .limit(page.size + 1);
  if (!page.includeArchived) {
    counts = counts.where("archived", "=", false);
    cards = cards.where("archived", "=", false);
  }
  if (page.columnKey !== "") cards = cards.where("column_key", "=", page.columnKey);
  if (page.token !== "") cards = cards.where("card_id", ">", page.token);
  // The three reads are independent: one round trip's wait, not three.
  const [mapping, countRows, cardRows] = await Promise.all([
    db
      .selectFrom("column_mapping")
      .select(["column_key", "title", "position"])
      .where("process_definition_id", "=", processDefinitionId)
      .orderBy("position")
      .execute(),
    counts.execute(),
    cards.execute(),
  ]);
  const more = cardRows.length > page.size;
  const shown = cardRows.slice(0, page.size).map((r) => fromBinary(CardSchema, r.view));
  const columns = new Map<string, Column>();
  for (const m of mapping) {
    if (columns.has(m.column_key) || (page.columnKey !== "" && m.column_key !== page.columnKey)) continue;
    const n = countRows.find((c) => c.column_key === m.column_key)?.n ?? "0";
    columns.set(
      m.column_key,
      create(ColumnSchema, { columnKey: m.column_key, kind: columnKindOf(m.column_key), title: m.title, position: m.position, cardCount: BigInt(n) }),
    );
  }
  for (const card of shown) columns.get(card.columnKey)?.cards.push(card);
  return { columns: [...columns.values()], nextPageToken: more ? (cardRows[page.size - 1]?.card_id ?? "") : "" };
}

/** Cards changed after `since`, in board_seq order. */
export async function boardDeltas(
  db: Kysely<ProjectionDatabase>,
  boardId: string,
  since: bigint,
  limit: number,
): Promise<{ cards: Card[]; hasMore: boolean; lastSeq: bigint | undefined }> {
  const rows = await db
    .selectFrom("card")
    .select(["view", "updated_board_seq"])
    .where("board_id", "=", boardId)
    .where("updated_board_seq", ">", since.toString())
    .orderBy("updated_board_seq")
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { cards: page.map((r) => fromBinary(CardSchema, r.view)), hasMore, lastSeq: last ? BigInt(last.updated_board_seq) : undefined };
}
