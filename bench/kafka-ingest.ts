import type { BusAdmin } from "@ameide/kafka-bus";
import type pg from "pg";
import { decodeFromTopic, partitionKey } from "@ameide/contracts";
import { createKafka, recordHeaders } from "@ameide/eventing";
import type { FactRecord } from "@ameide/transformation-projection";
import { projectedTopics, projectionGroupFor } from "@ameide/transformation-projection";
import { completedRun } from "@ameide/transformation-projection/test-fixtures";
import { benchCardId } from "./fact-ingest.js";

/** Where each projected topic ended before the benchmark published: the fresh group starts there. */
export type TopicEnds = ReadonlyMap<string, ReadonlyArray<{ partition: number; offset: string }>>;

/** How long the real path took to take a batch: publish, then the projection's consumers folding it. */
export interface KafkaFold {
  readonly facts: number;
  readonly cards: number;
  /** Publishing every record (acks=all), in batches of `publishBatch`. */
  readonly publishMs: number;
  /** `startProjectionService` until it resolved (migrations, LISTEN, consumers connected, server up). */
  readonly serviceStartMs: number;
  /** From the service's start until the first fact of the batch was stored: mostly the group join. */
  readonly firstFoldMs: number;
  /** From the service's start until every fact of the batch was stored. */
  readonly allFoldedMs: number;
  /** Facts ÷ (all folded − first folded): the consumers' rate once they had joined. */
  readonly factsPerSecond: number;
}

const publishBatch = 1000;
const pollMs = 50;

/** The end offset of every partition of the projected topics. */
export async function topicEnds(admin: BusAdmin): Promise<TopicEnds> {
  const ends = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const topic of projectedTopics) ends.set(topic, await admin.endOffsets(topic));
  return ends;
}

/**
 * Commits the offsets of `ends` for the fresh group (one group per topic), so its consumers start
 * at the benchmark's records and not at whatever other runs left on the retained topics.
 */
export async function positionGroup(admin: BusAdmin, groupId: string, ends: TopicEnds): Promise<void> {
  // Setting a group's offsets may join and leave the group (kafkajs: about 5 s each): in parallel.
  await Promise.all(
    [...ends].map(([topic, partitions]) =>
      admin.setCommittedOffsets(projectionGroupFor(groupId, topic as (typeof projectedTopics)[number]), topic, partitions),
    ),
  );
}

/** Deletes the fresh group's consumer groups (they would otherwise stay until the broker expires them). */
export async function deleteGroup(admin: BusAdmin, groupId: string): Promise<void> {
  await admin.deleteGroups(projectedTopics.map((topic) => projectionGroupFor(groupId, topic)));
}

/** A record and the card (process instance) it belongs to: its key. */
export interface CardRecord {
  readonly cardId: string;
  readonly record: FactRecord;
}

/** The records of `cards` completed runs (the fixture's 14 facts each), card after card. */
export function completedRunRecords(tenantId: string, cardPrefix: string, cards: number): CardRecord[] {
  return Array.from({ length: cards }, (_, i) => benchCardId(cardPrefix, i)).flatMap((cardId) =>
    completedRun(tenantId, cardId).map((record) => ({ cardId, record })),
  );
}

/** Publishes the records as the services' relays would: key `tenant/card`, CloudEvents headers, acks=all. */
export async function publishRecords(brokers: string, records: readonly CardRecord[]): Promise<number> {
  const producer = await createKafka(brokers, "projection-bench").producer();
  try {
    const started = performance.now();
    for (let i = 0; i < records.length; i += publishBatch) {
      const byTopic = new Map<string, Array<{ key: string; value: Uint8Array; headers: Record<string, string> }>>();
      for (const { cardId, record } of records.slice(i, i + publishBatch)) {
        const message = decodeFromTopic(record.topic, record.payload);
        const messages = byTopic.get(record.topic) ?? [];
        messages.push({
          key: partitionKey(message.meta?.scope?.tenantId ?? "", cardId),
          value: record.payload,
          headers: message.meta ? recordHeaders(message.meta, message.$typeName) : {},
        });
        byTopic.set(record.topic, messages);
      }
      await producer.send([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    }
    return performance.now() - started;
  } finally {
    await producer.close();
  }
}

/** Polls the tenant's stored facts until there are `facts`; the times are since `startedAt`. */
export async function waitForFold(
  db: pg.Pool,
  tenantId: string,
  facts: number,
  startedAt: number,
  signal: AbortSignal,
): Promise<{ firstMs: number; allMs: number }> {
  const deadline = performance.now() + Math.max(60_000, facts * 20);
  let firstMs = Number.NaN;
  for (;;) {
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from card_fact where tenant_id = $1", [tenantId]);
    const stored = rows[0]?.n ?? 0;
    const now = performance.now();
    if (stored > 0 && Number.isNaN(firstMs)) firstMs = now - startedAt;
    if (stored >= facts) return { firstMs, allMs: now - startedAt };
    if (signal.aborted) throw new Error("interrupted");
    if (now > deadline)
      throw new Error(
        `the projection stored ${stored} of ${facts} published facts of tenant ${tenantId} in ${((now - startedAt) / 1000).toFixed(0)} s; is its consumer stuck (check the service's error log) or the broker down?`,
      );
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
