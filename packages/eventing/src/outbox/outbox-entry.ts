import type { Kysely, Transaction } from "kysely";
import { encodeForTopic, eventTypeOf, topicBinding, type TopicMessage, type TopicName } from "@ameide/contracts";
import { recordHeaders } from "../record-headers.js";
import type { OutboxTable } from "./outbox-migration.js";

/** A message ready to be written to the outbox in the same transaction as the state it describes. */
export interface OutboxEntry {
  readonly topic: string;
  readonly partitionKey: string;
  readonly messageId: string;
  readonly typeName: string;
  readonly payload: Uint8Array;
  readonly headers: Record<string, string>;
}

/** Builds an outbox entry; the topic decides which message type compiles. */
export function outboxEntry<N extends TopicName>(topic: N, message: TopicMessage<N>, partitionKey: string): OutboxEntry {
  const meta = message.meta;
  if (meta === undefined || meta.messageId === "") {
    throw new Error(`a message for ${topic} needs meta.message_id`);
  }
  const schema = topicBinding(topic).schema;
  const typeName = schema.typeName;
  return {
    topic,
    partitionKey,
    messageId: meta.messageId,
    typeName,
    payload: encodeForTopic(topic, message),
    headers: recordHeaders(meta, typeName, eventTypeOf(schema, message)),
  };
}

/** Appends entries to the outbox inside the caller's transaction (any schema with an outbox table). */
export async function appendToOutbox<DB extends { outbox: OutboxTable }>(tx: Transaction<DB>, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Kysely's schema generics are invariant; the outbox table is all this function touches.
  await (tx as unknown as Kysely<{ outbox: OutboxTable }>)
    .insertInto("outbox")
    .values(
      entries.map((e) => ({
        topic: e.topic,
        partition_key: e.partitionKey,
        message_id: e.messageId,
        type_name: e.typeName,
        payload: e.payload,
        headers: e.headers,
        sent_at: null,
      })),
    )
    .execute();
}
