import type { BusConsumer, BusConsumerOptions, BusHandler, BusRecord, KafkaBus } from "@ameide/kafka-bus";
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

/** One decoded message of a batch and where it came from. */
export interface BatchItem<N extends TopicName> {
  readonly message: TopicMessage<N>;
  readonly partition: number;
  readonly offset: string;
  readonly value: Uint8Array;
}

/**
 * Handles consecutive messages of one partition, in order; resolving commits the last offset,
 * rejecting leaves them all for redelivery.
 */
export type TopicBatchHandler<N extends TopicName> = (batch: ReadonlyArray<BatchItem<N>>, heartbeat: () => Promise<void>) => Promise<void>;

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
  /** Where to (re)start reading; default: the group's committed offsets, else the earliest. */
  readonly startAt?: BusConsumerOptions["startAt"];
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
  const consumer = await consume(options, options.commit ?? "message", undefined, (record, heartbeat) =>
    handleWithHeartbeat(options, handle, record, heartbeat),
  );
  return { stop: () => consumer.close() };
}

/**
 * Consumes a topic until stopped, a partition's waiting messages handed over together (up to
 * `maxBatchRecords`, default 500): one when the topic is quiet, more under load.
 */
export async function startTopicBatchConsumer<N extends TopicName>(
  options: TopicConsumerOptions<N> & { readonly maxBatchRecords?: number },
  handle: TopicBatchHandler<N>,
): Promise<TopicConsumer> {
  const { bus, busOptions } = busFor(options, options.commit ?? "message");
  const consumer = await bus.consumeBatches({ ...busOptions, maxBatchRecords: options.maxBatchRecords }, async (records, heartbeat) => {
    const batch = records.map((r) => ({ message: decodeFromTopic(options.topic, r.value), partition: r.partition, offset: r.offset, value: r.value }));
    await whileHeartbeating(options, heartbeat, () => handle(batch, heartbeat));
  });
  return { stop: () => consumer.close() };
}

/**
 * Job mode: handles exactly one delivery, commits it and disconnects. Resolves "handled", or
 * "idle" when nothing arrived within `idleTimeoutMs`.
 */
export async function consumeOne<N extends TopicName>(
  options: TopicConsumerOptions<N> & { idleTimeoutMs: number },
  handle: TopicHandler<N>,
): Promise<"handled" | "idle"> {
  let taken = false;
  let consumer: BusConsumer | undefined;
  try {
    return await new Promise<"handled" | "idle">((resolve, reject) => {
      const idle = setTimeout(() => resolve("idle"), options.idleTimeoutMs);
      consume(
        { ...options, concurrency: 1 },
        "message",
        () => resolve("handled"),
        async (record, heartbeat) => {
          // Nothing after the first delivery may be handled by this job: refuse it (uncommitted, it
          // is redelivered to the next consumer of the group).
          if (taken) throw new Error("job mode handles one delivery");
          taken = true;
          clearTimeout(idle);
          try {
            await handleWithHeartbeat(options, handle, record, heartbeat);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
            throw error;
          }
        },
      ).then((c) => (consumer = c), reject);
    });
  } finally {
    await consumer?.close();
  }
}

function consume<N extends TopicName>(
  options: TopicConsumerOptions<N>,
  commit: "message" | "periodic",
  onCommitted: (() => void) | undefined,
  handle: BusHandler,
): Promise<BusConsumer> {
  const { bus, busOptions } = busFor(options, commit);
  return bus.consume({ ...busOptions, onCommitted }, handle);
}

/** The bus and the consumer options of a topic consumer (its group from the registry for queues). */
function busFor<N extends TopicName>(options: TopicConsumerOptions<N>, commit: "message" | "periodic"): { bus: KafkaBus; busOptions: BusConsumerOptions } {
  const binding = topicBinding(options.topic);
  const groupId = options.groupId ?? binding.consumerGroup;
  if (groupId === "") throw new Error(`a consumer of ${options.topic} needs a groupId`);
  const bus = createKafka(options.brokers, options.clientId ?? binding.consumerGroup, options.log);
  // A short fetch wait keeps disconnects (job mode) and shutdowns quick; idle polling is cheap.
  return {
    bus,
    busOptions: { topic: options.topic, groupId, startAt: options.startAt ?? "earliest", concurrency: options.concurrency ?? 1, commit, maxWaitMs: 500 },
  };
}

async function handleWithHeartbeat<N extends TopicName>(
  options: TopicConsumerOptions<N>,
  handle: TopicHandler<N>,
  record: BusRecord,
  heartbeat: () => Promise<void>,
): Promise<void> {
  const decoded = decodeFromTopic(options.topic, record.value);
  await whileHeartbeating(options, heartbeat, () => handle(decoded, { partition: record.partition, offset: record.offset, value: record.value, heartbeat }));
}

/** Runs a handler while heartbeating every `heartbeatIntervalMs`, so a long one keeps its partitions. */
async function whileHeartbeating(options: { readonly heartbeatIntervalMs?: number }, heartbeat: () => Promise<void>, work: () => Promise<void>): Promise<void> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), options.heartbeatIntervalMs ?? 3000);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
}
