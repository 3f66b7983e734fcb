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
  const routing = route(record);
  // Facts of work no run requested touch no card: nothing to store, dedupe or checkpoint.
  if (routing.cardId === "" && routing.elementLink === undefined) return "not_a_card";
  return db.transaction().execute(async (tx) => {
    await checkpoint(tx, record);
    const fresh = await tx
      .insertInto("inbox")
      .values({ message_id: routing.messageId, topic: record.topic, applied_at: new Date() })
      .onConflict((oc) => oc.doNothing())
      .returning("message_id")
      .executeTakeFirst();
    if (fresh === undefined) return "duplicate";
    const cardId = routing.cardId || (await linkedCard(tx, routing));
    if (cardId === "") return "not_a_card";
    await tx
      .insertInto("card_fact")
      .values({ tenant_id: routing.tenantId, card_id: cardId, message_id: routing.messageId, source_topic: record.topic, payload: record.payload })
      .onConflict((oc) => oc.doNothing())
      .execute();
    if (routing.elementLink)
      await tx
        .insertInto("element_card")
        .values({ tenant_id: routing.tenantId, element_id: routing.elementLink, card_id: cardId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    const boardId = routing.board ? await ensureBoard(tx, routing.tenantId, routing.board) : null;
    // A card is a process instance: until its first process fact arrives, domain facts only wait
    // in card_fact (the first refresh folds them in), so work no run requested builds no card.
    if (boardId === null && !(await cardExists(tx, routing.tenantId, cardId))) return "unchanged";
    return refreshCard(tx, routing.tenantId, cardId, boardId, mappingFor);
  });
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

/** ElementPublished does not name its run: the card comes from the element's draft. */
async function linkedCard(tx: Transaction<ProjectionDatabase>, routing: Routing): Promise<string> {
  if (routing.elementLink === undefined) return "";
  const row = await tx
    .selectFrom("element_card")
    .select("card_id")
    .where("tenant_id", "=", routing.tenantId)
    .where("element_id", "=", routing.elementLink)
    .executeTakeFirst();
  return row?.card_id ?? "";
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

async function ensureBoard(tx: Transaction<ProjectionDatabase>, tenantId: string, b: NonNullable<Routing["board"]>): Promise<string> {
  const boardId = boardIdOf(tenantId, b);
  await tx
    .insertInto("board")
    .values({
      board_id: boardId,
      tenant_id: tenantId,
      organization_id: b.organizationId,
      repository_id: b.repositoryId,
      initiative_id: b.initiativeId,
      board_kind: b.boardKind,
      process_definition_id: b.processDefinitionId,
      board_seq: "0",
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return boardId;
}

async function cardExists(tx: Transaction<ProjectionDatabase>, tenantId: string, cardId: string): Promise<boolean> {
  const row = await tx.selectFrom("card").select("card_id").where("tenant_id", "=", tenantId).where("card_id", "=", cardId).executeTakeFirst();
  return row !== undefined;
}

async function refreshCard(
  tx: Transaction<ProjectionDatabase>,
  tenantId: string,
  cardId: string,
  boardId: string | null,
  mappingFor: MappingSource,
): Promise<ApplyOutcome> {
  await tx
    .insertInto("card")
    .values({
      tenant_id: tenantId,
      card_id: cardId,
      board_id: boardId,
      column_key: "",
      view: toBinary(CardSchema, cardView(cardId, { process: [], work: [], knowledge: [] }, new Map())),
      seq: "0",
      archived: false,
      updated_board_seq: "0",
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const current = await tx.selectFrom("card").selectAll().where("tenant_id", "=", tenantId).where("card_id", "=", cardId).forUpdate().executeTakeFirstOrThrow();
  const stored = await tx.selectFrom("card_fact").select(["source_topic", "payload"]).where("tenant_id", "=", tenantId).where("card_id", "=", cardId).execute();
  const facts = cardFacts(stored.map((s) => ({ sourceTopic: s.source_topic, payload: s.payload })));
  const definition = facts.process[0]?.process?.processDefinitionId ?? "";
  const next = cardView(cardId, facts, await mappingFor(definition));
  const board = boardId ?? current.board_id;
  const before = fromBinary(CardSchema, current.view);
  if (board === current.board_id && sameView(before, next)) return "unchanged";
  next.seq = BigInt(current.seq) + 1n;
  let boardSeq = BigInt(current.updated_board_seq);
  if (board !== null) {
    const row = await tx
      .updateTable("board")
      .set({ board_seq: sql`board_seq + 1` })
      .where("board_id", "=", board)
      .returning("board_seq")
      .executeTakeFirstOrThrow();
    boardSeq = BigInt(row.board_seq);
    await sql`select pg_notify(${boardChannel}, ${`${board}:${boardSeq}`})`.execute(tx);
  }
  next.updatedBoardSeq = boardSeq;
  await tx
    .updateTable("card")
    .set({
      board_id: board,
      column_key: next.columnKey,
      seq: next.seq.toString(),
      archived: next.archived,
      updated_board_seq: boardSeq.toString(),
      view: toBinary(CardSchema, next),
    })
    .where("tenant_id", "=", tenantId)
    .where("card_id", "=", cardId)
    .execute();
  return "changed";
}

function sameView(a: Card, b: Card): boolean {
  const x = clone(CardSchema, a);
  const y = clone(CardSchema, b);
  x.seq = y.seq = 0n;
  x.updatedBoardSeq = y.updatedBoardSeq = 0n;
  return equals(CardSchema, x, y);
}

async function checkpoint(tx: Transaction<ProjectionDatabase>, record: FactRecord): Promise<void> {
  await tx
    .insertInto("source_position")
    .values({ topic: record.topic, partition: record.partition, offset: record.offset })
    .onConflict((oc) => oc.columns(["topic", "partition"]).doUpdateSet({ offset: record.offset }).where("source_position.offset", "<", record.offset))
    .execute();
}
