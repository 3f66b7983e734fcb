import { createHash } from "node:crypto";
import { clone, equals, fromBinary, toBinary } from "@bufbuild/protobuf";
import { type Kysely, sql, type Transaction } from "kysely";
import { decodeFromTopic, type FactTopicName, type TopicMessage } from "@ameide/contracts";
import { type Card, CardSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { cardFacts } from "./card-facts.js";
import { cardView, type ColumnMapping } from "./card-view.js";
import { boardChannel, type ProjectionDatabase } from "./projection-database.js";

/** A record as read from a fact topic. */
export interface FactRecord {
  readonly topic: FactTopicName;
  readonly partition: number;
  readonly offset: string;
  readonly payload: Uint8Array;
  /** The payload already decoded, when the caller has it (saves decoding it twice). */
  readonly message?: TopicMessage<FactTopicName>;
}

/** What applying a record did. */
export type ApplyOutcome = "duplicate" | "unchanged" | "changed" | "not_a_card";

/** Loads phase -> column mapping data for a process definition. */
export type MappingSource = (processDefinitionId: string) => Promise<ColumnMapping>;

interface Routing {
  tenantId: string;
  cardId: string;
  messageId: string;
  board?: { organizationId: string; repositoryId: string; initiativeId: string; boardKind: string; processDefinitionId: string };
  elementLink?: string;
}

/**
 * Applies one fact in one transaction: inbox dedupe, the fact stored on its card, the card view
 * recomputed from all of the card's facts, board_seq advanced only if the view changed, the
 * source position checkpointed, watchers notified on commit.
 */
export async function applyFact(db: Kysely<ProjectionDatabase>, record: FactRecord, mappingFor: MappingSource): Promise<ApplyOutcome> {
  const [outcome] = await applyFacts(db, [record], mappingFor);
  return outcome ?? "not_a_card";
}

/** A card the batch touched, with the board its process facts name (if any). */
interface Touched {
  readonly tenantId: string;
  readonly cardId: string;
  boardId: string | null;
  readonly records: number[];
}

/**
 * Applies consecutive facts in one transaction, with a fixed number of statements whatever the
 * batch's size: the source positions checkpointed, the inbox deduping by message_id, the facts
 * stored on their cards, each card touched recomputed once from all its facts, board_seq advanced
 * by the number of cards whose view changed (each such card gets its own seq), column counts kept,
 * watchers notified once per board on commit. The outcomes are per record, in order.
 */
export async function applyFacts(db: Kysely<ProjectionDatabase>, records: readonly FactRecord[], mappingFor: MappingSource): Promise<ApplyOutcome[]> {
  const routings = records.map(route);
  const outcomes: ApplyOutcome[] = routings.map((r) => (r.cardId === "" && r.elementLink === undefined ? "not_a_card" : "unchanged"));
  // Facts of work no run requested touch no card: nothing to store, dedupe or checkpoint.
  const relevant = records.flatMap((_, i) => (outcomes[i] === "not_a_card" ? [] : [i]));
  if (relevant.length === 0) return outcomes;
  return db.transaction().execute(async (tx) => {
    await checkpoint(
      tx,
      relevant.map((i) => records[i]!),
    );
    const fresh = await freshIndices(tx, relevant, records, routings);
    for (const i of relevant) if (!fresh.has(i)) outcomes[i] = "duplicate";
    const cardOf = await resolveCards(tx, [...fresh], routings);
    const stored = [...fresh].filter((i) => cardOf[i] !== "");
    for (const i of fresh) if (cardOf[i] === "") outcomes[i] = "not_a_card";
    if (stored.length === 0) return outcomes;
    await lockCards(
      tx,
      stored.map((i) => `${routings[i]!.tenantId}/${cardOf[i]}`),
    );
    await sql`
      insert into card_fact (tenant_id, card_id, message_id, source_topic, payload)
      select * from unnest(${stored.map((i) => routings[i]!.tenantId)}::text[], ${stored.map((i) => cardOf[i]!)}::text[],
        ${stored.map((i) => routings[i]!.messageId)}::text[], ${stored.map((i) => records[i]!.topic)}::text[],
        ${stored.map((i) => Buffer.from(records[i]!.payload))}::bytea[])
      on conflict do nothing`.execute(tx);
    const touched = new Map<string, Touched>();
    for (const i of stored) {
      const routing = routings[i]!;
      const key = `${routing.tenantId}\u0000${cardOf[i]}`;
      const card = touched.get(key) ?? { tenantId: routing.tenantId, cardId: cardOf[i]!, boardId: null, records: [] };
      if (routing.board !== undefined) card.boardId = boardIdOf(routing.tenantId, routing.board);
      card.records.push(i);
      touched.set(key, card);
    }
    await ensureBoards(
      tx,
      stored.map((i) => routings[i]!),
    );
    const changed = await refreshCards(tx, [...touched.values()], mappingFor);
    for (const card of touched.values()) for (const i of card.records) outcomes[i] = changed.has(card) ? "changed" : "unchanged";
    return outcomes;
  });
}

/**
 * Serialises the transactions that touch the same cards until they commit. Without it, a batch of
 * work facts could store its facts and find no card while a concurrent batch creates the card and
 * reads the card's facts without them: both commit, and the card misses those facts until another
 * one arrives (for the last facts of a run, never). Every transaction takes its locks in one order
 * (by hash), so they cannot deadlock each other.
 */
async function lockCards(tx: Transaction<ProjectionDatabase>, cardKeys: string[]): Promise<void> {
  await sql`
    select pg_advisory_xact_lock(h) from (select distinct hashtextextended(k, 0) as h from unnest(${cardKeys}::text[]) as k order by 1) as s`.execute(tx);
}

/** The records whose message_id the inbox had not seen (the first of repeats within the batch). */
async function freshIndices(
  tx: Transaction<ProjectionDatabase>,
  relevant: number[],
  records: readonly FactRecord[],
  routings: Routing[],
): Promise<Set<number>> {
  const { rows } = await sql<{ message_id: string }>`
    insert into inbox (message_id, topic, applied_at)
    select m, t, now() from unnest(${relevant.map((i) => routings[i]!.messageId)}::text[], ${relevant.map((i) => records[i]!.topic)}::text[]) as u(m, t)
    on conflict do nothing
    returning message_id`.execute(tx);
  const inserted = new Set(rows.map((r) => r.message_id));
  const fresh = new Set<number>();
  for (const i of relevant) {
    const id = routings[i]!.messageId;
    if (inserted.delete(id)) fresh.add(i);
  }
  return fresh;
}

/**
 * The card of each record: named by the fact, or (ElementPublished, which does not name its run)
 * the card of the element's draft; links of drafts are stored first, so a draft and its
 * publication in one batch find each other. "" when no card is known.
 */
async function resolveCards(tx: Transaction<ProjectionDatabase>, indices: number[], routings: Routing[]): Promise<Record<number, string>> {
  const cardOf: Record<number, string> = {};
  const links = indices.filter((i) => routings[i]!.elementLink !== undefined && routings[i]!.cardId !== "");
  if (links.length > 0) {
    await sql`
      insert into element_card (tenant_id, element_id, card_id)
      select * from unnest(${links.map((i) => routings[i]!.tenantId)}::text[], ${links.map((i) => routings[i]!.elementLink!)}::text[],
        ${links.map((i) => routings[i]!.cardId)}::text[])
      on conflict do nothing`.execute(tx);
  }
  const unnamed = indices.filter((i) => routings[i]!.cardId === "" && routings[i]!.elementLink !== undefined);
  const linked = new Map<string, string>();
  if (unnamed.length > 0) {
    const { rows } = await sql<{ tenant_id: string; element_id: string; card_id: string }>`
      select e.tenant_id, e.element_id, e.card_id from element_card e
      join unnest(${unnamed.map((i) => routings[i]!.tenantId)}::text[], ${unnamed.map((i) => routings[i]!.elementLink!)}::text[]) as u(t, el)
        on e.tenant_id = u.t and e.element_id = u.el`.execute(tx);
    for (const r of rows) linked.set(`${r.tenant_id}\u0000${r.element_id}`, r.card_id);
  }
  for (const i of indices) {
    const r = routings[i]!;
    cardOf[i] = r.cardId || linked.get(`${r.tenantId}\u0000${r.elementLink ?? ""}`) || "";
  }
  return cardOf;
}

function route(record: FactRecord): Routing {
  const message = record.message ?? decodeFromTopic(record.topic, record.payload);
  const tenantId = message.meta?.scope?.tenantId ?? "";
  const messageId = message.meta?.messageId ?? "";
  switch (message.$typeName) {
    case "ameide_core_proto.process.transformation.v1.TransformationProcessFact": {
      const p = message.process;
      const boardKind = message.fact.case === "runStarted" ? message.fact.value.boardKind : "transformation.run";
      return {
        tenantId,
        messageId,
        cardId: p?.processInstanceId ?? "",
        board: {
          organizationId: message.meta?.scope?.organizationId ?? "",
          repositoryId: message.meta?.scope?.repositoryId ?? "",
          initiativeId: p?.initiativeId ?? "",
          boardKind: boardKind || "transformation.run",
          processDefinitionId: p?.processDefinitionId ?? "",
        },
      };
    }
    case "ameide_core_proto.transformation.work.v1.TransformationWorkDomainFact": {
      const value = message.fact.value as
        | { requestedBy?: { processInstanceId: string }; workRequest?: { requestedBy?: { processInstanceId: string } } }
        | undefined;
      return { tenantId, messageId, cardId: value?.requestedBy?.processInstanceId ?? value?.workRequest?.requestedBy?.processInstanceId ?? "" };
    }
    default: {
      const f = message.fact;
      if (f.case === "elementDrafted")
        return { tenantId, messageId, cardId: f.value.elementVersion?.draftedByProcessInstanceId ?? "", elementLink: f.value.elementId };
      return { tenantId, messageId, cardId: "", elementLink: f.case === "elementPublished" ? f.value.elementId : undefined };
    }
  }
}

/** The board id of a scope: a stable hash, so every replica and every rebuild agrees. */
export function boardIdOf(tenantId: string, b: NonNullable<Routing["board"]>): string {
  return (
    "b-" +
    createHash("sha256")
      .update([tenantId, b.organizationId, b.repositoryId, b.initiativeId, b.boardKind, b.processDefinitionId].join("\u0000"))
      .digest("hex")
      .slice(0, 24)
  );
}

/** The boards the batch's process facts name, created when new (board_seq 0). */
async function ensureBoards(tx: Transaction<ProjectionDatabase>, routings: Routing[]): Promise<void> {
  const boards = new Map<string, { tenantId: string; board: NonNullable<Routing["board"]> }>();
  for (const r of routings) if (r.board !== undefined) boards.set(boardIdOf(r.tenantId, r.board), { tenantId: r.tenantId, board: r.board });
  if (boards.size === 0) return;
  const list = [...boards.entries()];
  await sql`
    insert into board (board_id, tenant_id, organization_id, repository_id, initiative_id, board_kind, process_definition_id, board_seq)
    select *, 0 from unnest(${list.map(([id]) => id)}::text[], ${list.map(([, b]) => b.tenantId)}::text[],
      ${list.map(([, b]) => b.board.organizationId)}::text[], ${list.map(([, b]) => b.board.repositoryId)}::text[],
      ${list.map(([, b]) => b.board.initiativeId)}::text[], ${list.map(([, b]) => b.board.boardKind)}::text[],
      ${list.map(([, b]) => b.board.processDefinitionId)}::text[])
    on conflict do nothing`.execute(tx);
}

interface CardRow {
  tenant_id: string;
  card_id: string;
  board_id: string | null;
  column_key: string;
  seq: string;
  archived: boolean;
  updated_board_seq: string;
  view: Uint8Array;
}

/**
 * Recomputes each touched card once from all its stored facts and writes those whose view
 * changed. A card is a process instance: until its first process fact arrives, domain facts only
 * wait in card_fact (the first refresh folds them in), so work no run requested builds no card.
 * Returns the cards that changed.
 */
async function refreshCards(tx: Transaction<ProjectionDatabase>, touched: Touched[], mappingFor: MappingSource): Promise<Set<Touched>> {
  const changed = new Set<Touched>();
  const born = touched.filter((c) => c.boardId !== null);
  if (born.length > 0) {
    const empty = Buffer.from(toBinary(CardSchema, cardView("", { process: [], work: [], knowledge: [] }, new Map())));
    await sql`
      insert into card (tenant_id, card_id, board_id, column_key, view, seq, archived, updated_board_seq)
      select t, c, b, '', ${empty}, 0, false, 0 from unnest(${born.map((c) => c.tenantId)}::text[], ${born.map((c) => c.cardId)}::text[],
        ${born.map((c) => c.boardId)}::text[]) as u(t, c, b)
      on conflict do nothing`.execute(tx);
  }
  const tenants = touched.map((c) => c.tenantId);
  const ids = touched.map((c) => c.cardId);
  const { rows: current } = await sql<CardRow>`
    select card.* from card join unnest(${tenants}::text[], ${ids}::text[]) as u(t, c) on card.tenant_id = u.t and card.card_id = u.c
    order by card.tenant_id, card.card_id
    for update of card`.execute(tx);
  if (current.length === 0) return changed;
  const { rows: facts } = await sql<{ tenant_id: string; card_id: string; source_topic: string; payload: Uint8Array }>`
    select f.tenant_id, f.card_id, f.source_topic, f.payload from card_fact f
    join unnest(${current.map((c) => c.tenant_id)}::text[], ${current.map((c) => c.card_id)}::text[]) as u(t, c) on f.tenant_id = u.t and f.card_id = u.c`.execute(
    tx,
  );
  const factsOf = new Map<string, Array<{ sourceTopic: string; payload: Uint8Array }>>();
  for (const f of facts) {
    const key = `${f.tenant_id}\u0000${f.card_id}`;
    const list = factsOf.get(key) ?? [];
    list.push({ sourceTopic: f.source_topic, payload: f.payload });
    factsOf.set(key, list);
  }
  const rowOf = new Map(current.map((r) => [`${r.tenant_id}\u0000${r.card_id}`, r]));
  const updates: Array<{ card: Touched; row: CardRow; next: Card; board: string | null }> = [];
  for (const card of touched) {
    const key = `${card.tenantId}\u0000${card.cardId}`;
    const row = rowOf.get(key);
    if (row === undefined) continue;
    const all = cardFacts(factsOf.get(key) ?? []);
    const next = cardView(card.cardId, all, await mappingFor(all.process[0]?.process?.processDefinitionId ?? ""));
    const board = card.boardId ?? row.board_id;
    if (board === row.board_id && sameView(fromBinary(CardSchema, row.view), next)) continue;
    next.seq = BigInt(row.seq) + 1n;
    next.updatedBoardSeq = BigInt(row.updated_board_seq);
    updates.push({ card, row, next, board });
    changed.add(card);
  }
  if (updates.length === 0) return changed;
  // Each changed card of a board takes the next board_seq, in batch order; one notify per board.
  const perBoard = new Map<string, typeof updates>();
  for (const u of updates) {
    if (u.board === null) continue;
    const list = perBoard.get(u.board);
    if (list === undefined) perBoard.set(u.board, [u]);
    else list.push(u);
  }
  for (const [board, list] of perBoard) {
    const { rows } = await sql<{ board_seq: string }>`
      update board set board_seq = board_seq + ${list.length} where board_id = ${board} returning board_seq`.execute(tx);
    const last = BigInt(rows[0]?.board_seq ?? "0");
    list.forEach((u, n) => (u.next.updatedBoardSeq = last - BigInt(list.length - 1 - n)));
    await sql`select pg_notify(${boardChannel}, ${`${board}:${last}`})`.execute(tx);
  }
  await sql`
    update card set board_id = u.b, column_key = u.col, seq = u.s, archived = u.a, updated_board_seq = u.bs, view = u.v
    from unnest(${updates.map((u) => u.card.tenantId)}::text[], ${updates.map((u) => u.card.cardId)}::text[], ${updates.map((u) => u.board)}::text[],
      ${updates.map((u) => u.next.columnKey)}::text[], ${updates.map((u) => u.next.seq.toString())}::bigint[], ${updates.map((u) => u.next.archived)}::boolean[],
      ${updates.map((u) => u.next.updatedBoardSeq.toString())}::bigint[], ${updates.map((u) => Buffer.from(toBinary(CardSchema, u.next)))}::bytea[])
      as u(t, c, b, col, s, a, bs, v)
    where card.tenant_id = u.t and card.card_id = u.c`.execute(tx);
  await countColumns(
    tx,
    updates.map((u) => ({
      before: { board: u.row.board_id, column: u.row.column_key, archived: u.row.archived },
      after: { board: u.board, column: u.next.columnKey, archived: u.next.archived },
    })),
  );
  return changed;
}

interface Placement {
  readonly board: string | null;
  readonly column: string;
  readonly archived: boolean;
}

/**
 * Keeps board_column_count (cards per board, column and archived flag) in step with the cards, so
 * a board page's counts are read, not counted. A card is counted once it has a board and a column.
 */
async function countColumns(tx: Transaction<ProjectionDatabase>, moves: ReadonlyArray<{ before: Placement; after: Placement }>): Promise<void> {
  const deltas = new Map<string, { board: string; column: string; archived: boolean; n: number }>();
  const add = (p: Placement, n: number) => {
    if (p.board === null || p.column === "") return;
    const key = `${p.board}\u0000${p.column}\u0000${p.archived}`;
    const d = deltas.get(key) ?? { board: p.board, column: p.column, archived: p.archived, n: 0 };
    d.n += n;
    deltas.set(key, d);
  };
  for (const m of moves) {
    add(m.before, -1);
    add(m.after, 1);
  }
  const list = [...deltas.values()].filter((d) => d.n !== 0);
  if (list.length === 0) return;
  await sql`
    insert into board_column_count (board_id, column_key, archived, n)
    select * from unnest(${list.map((d) => d.board)}::text[], ${list.map((d) => d.column)}::text[], ${list.map((d) => d.archived)}::boolean[],
      ${list.map((d) => d.n)}::bigint[])
    on conflict (board_id, column_key, archived) do update set n = board_column_count.n + excluded.n`.execute(tx);
}

function sameView(a: Card, b: Card): boolean {
  const x = clone(CardSchema, a);
  const y = clone(CardSchema, b);
  x.seq = y.seq = 0n;
  x.updatedBoardSeq = y.updatedBoardSeq = 0n;
  return equals(CardSchema, x, y);
}

/** The highest offset of each partition in the batch, stored with the batch's effects. */
async function checkpoint(tx: Transaction<ProjectionDatabase>, records: readonly FactRecord[]): Promise<void> {
  const highest = new Map<string, FactRecord>();
  for (const r of records) {
    const key = `${r.topic}\u0000${r.partition}`;
    const seen = highest.get(key);
    if (seen === undefined || BigInt(r.offset) > BigInt(seen.offset)) highest.set(key, r);
  }
  const list = [...highest.values()];
  await sql`
    insert into source_position (topic, partition, "offset")
    select * from unnest(${list.map((r) => r.topic)}::text[], ${list.map((r) => r.partition)}::int[], ${list.map((r) => r.offset)}::bigint[])
    on conflict (topic, partition) do update set "offset" = excluded."offset" where source_position."offset" < excluded."offset"`.execute(tx);
}
