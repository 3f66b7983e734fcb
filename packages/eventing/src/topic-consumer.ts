import type { Consumer, KafkaMessage } from "kafkajs";
import { decodeFromTopic, topicBinding, type TopicMessage, type TopicName } from "@ameide/contracts";
import { createKafka, type KafkaLogSink } from "./kafka-client.js";

/** Context of one delivery, for long-running handlers. */
export interface Delivery {
  readonly partition: number;
  readonly offset: string;
  /** The record value as it travelled (for stores that keep the original bytes). */
  readonly value: Uint8Array;
  /** Keeps the group membership alive during a long run. */
  heartbeat(): Promise<void>;
}

/** Handles one message; resolving commits its offset, rejecting leaves it for redelivery. */
export type TopicHandler<N extends TopicName> = (message: TopicMessage<N>, delivery: Delivery) => Promise<void>;

/** How to consume one topic (at-least-once: offsets are committed after the handler resolved). */
export interface TopicConsumerOptions<N extends TopicName> {
  readonly brokers: string;
  readonly topic: N;
  /** Defaults to the topic's consumer group in the registry (queues); required for fact topics. */
  readonly groupId?: string;
  readonly clientId?: string;
  /** Deliveries handled at once (at most one per assigned partition, so per-key order holds). */
  readonly concurrency?: number;
  readonly heartbeatIntervalMs?: number;
  readonly log?: KafkaLogSink;
  /**
   * "message" (default): each offset is committed right after its handler resolved. "periodic":
   * handled offsets are committed about once a second, for idempotent consumers (inbox dedupe)
   * where a redelivery after a crash is harmless and a broker round trip per message is not.
   */
  readonly commit?: "message" | "periodic";
}

/** A running consumer. */
export interface TopicConsumer {
  stop(): Promise<void>;
}

/** Consumes a topic until stopped; offsets are committed only after the handler resolved. */
export async function startTopicConsumer<N extends TopicName>(options: TopicConsumerOptions<N>, handle: TopicHandler<N>): Promise<TopicConsumer> {
  const consumer = await connectConsumer(options);
  const periodic = options.commit === "periodic";
  await consumer.run({
    // kafkajs auto-commit only ever commits offsets whose handler resolved.
    autoCommit: periodic,
    autoCommitInterval: periodic ? 1000 : undefined,
    partitionsConsumedConcurrently: options.concurrency ?? 1,
    eachMessage: async (payload) => {
      await handleWithHeartbeat(options, handle, payload.partition, payload.message, () => payload.heartbeat());
      if (!periodic) await commit(consumer, options.topic, payload.partition, payload.message.offset);
    },
  });
  return { stop: () => consumer.disconnect() };
}

/**
 * Job mode: handles exactly one delivery, commits it and disconnects. Resolves "handled", or
 * "idle" when nothing arrived within `idleTimeoutMs`.
 */
export async function consumeOne<N extends TopicName>(options: TopicConsumerOptions<N> & { idleTimeoutMs: number }, handle: TopicHandler<N>): Promise<"handled" | "idle"> {
  const consumer = await connectConsumer(options);
  let taken = false;
  try {
    return await new Promise<"handled" | "idle">((resolve, reject) => {
      const idle = setTimeout(() => resolve("idle"), options.idleTimeoutMs);
      void consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 1,
        eachMessage: async (payload) => {
          // Nothing after the first delivery may be handled by this job: pause whatever else arrives.
          payload.pause();
          if (taken) return;
          taken = true;
          clearTimeout(idle);
          try {
            await handleWithHeartbeat(options, handle, payload.partition, payload.message, () => payload.heartbeat());
            await commit(consumer, options.topic, payload.partition, payload.message.offset);
            resolve("handled");
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

async function connectConsumer<N extends TopicName>(options: TopicConsumerOptions<N>): Promise<Consumer> {
  const binding = topicBinding(options.topic);
  const kafka = createKafka(options.brokers, options.clientId ?? binding.consumerGroup, options.log);
  // A short fetch wait keeps disconnects (job mode) and shutdowns quick; idle polling is cheap.
  const groupId = options.groupId ?? binding.consumerGroup;
  if (groupId === "") throw new Error(`a consumer of ${options.topic} needs a groupId`);
  const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: 3000, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  return consumer;
}

async function handleWithHeartbeat<N extends TopicName>(
  options: TopicConsumerOptions<N>,
  handle: TopicHandler<N>,
  partition: number,
  message: KafkaMessage,
  heartbeat: () => Promise<void>,
): Promise<void> {
  const decoded = decodeFromTopic(options.topic, message.value ?? new Uint8Array());
  const timer = setInterval(() => void heartbeat().catch(() => undefined), options.heartbeatIntervalMs ?? 3000);
  try {
    await handle(decoded, { partition, offset: message.offset, value: message.value ?? new Uint8Array(), heartbeat });
  } finally {
    clearInterval(timer);
  }
}

function commit(consumer: Consumer, topic: string, partition: number, offset: string): Promise<void> {
  return consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
}
