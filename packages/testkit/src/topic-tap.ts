import { setTimeout as sleep } from "node:timers/promises";
import type { BusRecord } from "@ameide/kafka-bus";
import { decodeFromTopic, type TopicMessage, type TopicName } from "@ameide/contracts";
import { createKafka } from "@ameide/eventing";
import { testStack, uniqueName } from "./stack.js";

/** One record read by a tap, decoded with the topic's generated type. */
export interface TappedRecord<N extends TopicName> {
  readonly message: TopicMessage<N>;
  readonly key: string;
  readonly partition: number;
  readonly offset: string;
  readonly headers: Record<string, string>;
  /** The raw record value, as it travelled. */
  readonly value: Buffer;
}

/** Reads everything a topic receives from the moment the tap was opened. */
export interface TopicTap<N extends TopicName> {
  readonly records: Array<TappedRecord<N>>;
  /** Waits until `count` records match, or fails after `timeoutMs` saying what it saw. */
  waitFor(match: (r: TappedRecord<N>) => boolean, count?: number, timeoutMs?: number): Promise<Array<TappedRecord<N>>>;
  close(): Promise<void>;
}

/** Opens a tap on a topic with a consumer group of its own, starting at the current end offsets. */
export async function tapTopic<N extends TopicName>(topic: N, brokers = testStack().kafkaBrokers): Promise<TopicTap<N>> {
  const bus = createKafka(brokers, "testkit-tap");
  const admin = await bus.admin();
  const ends = await retrying(() => admin.endOffsets(topic)).finally(() => admin.close());
  const records: Array<TappedRecord<N>> = [];
  const consumer = await bus.consume({ topic, groupId: uniqueName("tap"), startAt: ends, commit: "none", maxWaitMs: 100 }, (record) => {
    records.push(toRecord(topic, record));
    return Promise.resolve();
  });
  return {
    records,
    async waitFor(match, count = 1, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = records.filter(match);
        if (found.length >= count) return found;
        await sleep(50);
      }
      throw new Error(
        `tap on ${topic}: wanted ${count} matching record(s) within ${timeoutMs}ms, saw ${records.filter(match).length} (of ${records.length} total)`,
      );
    },
    close: () => consumer.close(),
  };
}

function toRecord<N extends TopicName>(topic: N, record: BusRecord): TappedRecord<N> {
  return {
    message: decodeFromTopic(topic, record.value),
    key: record.key,
    partition: record.partition,
    offset: record.offset,
    headers: { ...record.headers },
    value: Buffer.from(record.value),
  };
}

/** A consumer group that has never consumed `topic` and starts at its current end. */
export async function groupAtTopicEnd(topic: TopicName, brokers = testStack().kafkaBrokers): Promise<string> {
  const admin = await createKafka(brokers, "testkit-group").admin();
  try {
    const groupId = uniqueName("group");
    const ends = await retrying(() => admin.endOffsets(topic));
    await admin.setCommittedOffsets(groupId, topic, ends);
    return groupId;
  } finally {
    await admin.close();
  }
}

/** Retries retriable broker errors (e.g. a partition leader still being elected on a fresh broker). */
async function retrying<T>(call: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || (error as { retriable?: boolean }).retriable !== true) throw error;
      await sleep(250);
    }
  }
}
