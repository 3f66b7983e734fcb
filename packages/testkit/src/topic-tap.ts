import { setTimeout as sleep } from "node:timers/promises";
import type { KafkaMessage } from "kafkajs";
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
  const kafka = createKafka(brokers, "testkit-tap");
  const admin = kafka.admin();
  await admin.connect();
  const ends = await retrying(() => admin.fetchTopicOffsets(topic));
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: uniqueName("tap"), maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic });
  const records: Array<TappedRecord<N>> = [];
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      records.push(toRecord(topic, partition, message));
      return Promise.resolve();
    },
  });
  for (const end of ends) consumer.seek({ topic, partition: end.partition, offset: end.offset });
  return {
    records,
    async waitFor(match, count = 1, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = records.filter(match);
        if (found.length >= count) return found;
        await sleep(50);
      }
      throw new Error(`tap on ${topic}: wanted ${count} matching record(s) within ${timeoutMs}ms, saw ${records.filter(match).length} (of ${records.length} total)`);
    },
    close: () => consumer.disconnect(),
  };
}

function toRecord<N extends TopicName>(topic: N, partition: number, message: KafkaMessage): TappedRecord<N> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
  return {
    message: decodeFromTopic(topic, message.value ?? new Uint8Array()),
    key: message.key?.toString() ?? "",
    partition,
    offset: message.offset,
    headers,
    value: message.value ?? Buffer.alloc(0),
  };
}

/** A consumer group that has never consumed `topic` and starts at its current end. */
export async function groupAtTopicEnd(topic: TopicName, brokers = testStack().kafkaBrokers): Promise<string> {
  const admin = createKafka(brokers, "testkit-group").admin();
  await admin.connect();
  try {
    const groupId = uniqueName("group");
    const ends = await retrying(() => admin.fetchTopicOffsets(topic));
    await admin.setOffsets({ groupId, topic, partitions: ends.map((e) => ({ partition: e.partition, offset: e.offset })) });
    return groupId;
  } finally {
    await admin.disconnect();
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
