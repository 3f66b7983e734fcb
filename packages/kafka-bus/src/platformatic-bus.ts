import { setTimeout as sleep } from "node:timers/promises";
import {
  Admin,
  compatibilityPartitioner,
  ConfigResourceTypes,
  Consumer,
  IncrementalAlterConfigOperationTypes,
  type Message,
  type MessagesStream,
  ProduceAcks,
  Producer,
} from "@platformatic/kafka";
import type { ConnectionOptions, SASLOptions } from "@platformatic/kafka";
import { kafkaSecurityFromEnv, type KafkaSecurity } from "./security.js";
import type { BusAdmin, BusBatchHandler, BusConsumer, BusConsumerOptions, BusProducer, BusRecord, KafkaBus, KafkaBusOptions } from "./bus.js";

type Bytes = Message<Buffer, Buffer, Buffer, Buffer>;

/** Splits a comma-separated broker list. */
function brokerList(brokers: string): string[] {
  return brokers
    .split(",")
    .map((b) => b.trim())
    .filter((b) => b !== "");
}

/** The bus on @platformatic/kafka 2.x. */
export function createPlatformaticBus(options: KafkaBusOptions): KafkaBus {
  const base = {
    clientId: options.clientId,
    bootstrapBrokers: brokerList(options.brokers),
    ...connectionSecurity(options.security ?? kafkaSecurityFromEnv()),
    ...(options.noRetry ? { retries: 0, connectTimeout: 1000, timeout: 2000 } : { retries: 5, retryDelay: 200 }),
  };
  return {
    client: "platformatic",
    producer: () => Promise.resolve(producer(base)),
    // One record at a time is a batch of at most one.
    consume: (consumerOptions, handle) =>
      consume(base, options, { ...consumerOptions, maxBatchRecords: 1 }, async (records, heartbeat) => {
        for (const record of records) await handle(record, heartbeat);
      }),
    consumeBatches: (consumerOptions, handle) => consume(base, options, consumerOptions, handle),
    admin: () => Promise.resolve(admin(base)),
  };
}

type Base = { clientId: string; bootstrapBrokers: string[]; retries?: number } & ReturnType<typeof connectionSecurity>;

/** The client options for SASL and TLS (credentials are read when a connection authenticates). */
function connectionSecurity(security: KafkaSecurity): { sasl?: SASLOptions; tls?: ConnectionOptions["tls"] } {
  const { sasl, tls } = security;
  return {
    ...(sasl === undefined
      ? {}
      : {
          sasl: {
            mechanism: sasl.mechanism,
            username: sasl.username,
            ...(sasl.password === undefined ? {} : { password: () => Promise.resolve(sasl.password!()) }),
            ...(sasl.token === undefined ? {} : { token: () => Promise.resolve(sasl.token!()) }),
          },
        }),
    ...(tls === undefined ? {} : { tls: { rejectUnauthorized: tls.rejectUnauthorized, ...(tls.ca === undefined ? {} : { ca: tls.ca }) } }),
  };
}

const toBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

function producer(base: Base): BusProducer {
  // The compatibility partitioner places keys as Java's default partitioner does (murmur2,
  // positive, modulo the partition count); the library's default differs unless the count is a power of 2.
  const p = new Producer({ ...base, idempotent: true, acks: ProduceAcks.ALL, partitioner: compatibilityPartitioner });
  return {
    async send(batches) {
      const messages = batches.flatMap((b) =>
        b.messages.map((m) => ({
          topic: b.topic,
          // Keys must be Buffers: the partitioner hashes only Buffer keys.
          key: Buffer.from(m.key),
          value: toBuffer(m.value),
          headers: new Map(Object.entries(m.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])),
        })),
      );
      if (messages.length > 0) await p.send({ messages });
    },
    close: () => p.close(),
  };
}

function toRecord(message: Bytes): BusRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of message.headers) headers[name.toString()] = value.toString();
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset.toString(),
    key: message.key?.toString() ?? "",
    value: message.value ?? Buffer.alloc(0),
    headers,
  };
}

/**
 * Consumes with at-least-once semantics: records of one partition are handled one at a time and in
 * order, up to `concurrency` partitions at once. A handler that rejects stops delivery; after a
 * pause the consumer resumes from the committed offsets, so that record comes again.
 */
async function consume(base: Base, bus: KafkaBusOptions, options: BusConsumerOptions, handle: BusBatchHandler): Promise<BusConsumer> {
  let closed = false;
  const startAt = options.startAt;
  let explicit = typeof startAt === "object" ? startAt : undefined;
  const fallbackMode = startAt === "latest" ? "latest" : "earliest";
  // Each (re)join uses a fresh client: one that lost its group membership (a broker restart, a
  // failed rejoin) is closed, never reused.
  const open = async (): Promise<Membership> => {
    if (typeof startAt === "function") {
      const resolved = await startAt();
      explicit = typeof resolved === "object" ? resolved : undefined;
    }
    const consumer = new Consumer({
      ...base,
      groupId: options.groupId,
      autocommit: false,
      maxWaitTime: options.maxWaitMs ?? 500,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
      // Well above what a loaded machine delays a heartbeat by, so only a real loss rejoins.
      heartbeatStallTimeout: 45_000,
    });
    const offsets = explicit?.map((o) => ({ topic: options.topic, partition: o.partition, offset: BigInt(o.offset) }));
    try {
      const stream =
        offsets === undefined
          ? await consumer.consume({ topics: [options.topic], mode: "committed", fallbackMode })
          : await consumer.consume({ topics: [options.topic], mode: "manual", offsets });
      explicit = undefined; // explicit offsets are where this consumer starts, not where it resumes
      // Stalled heartbeats (after a failed rejoin, e.g. across a broker restart) leave the stream
      // waiting forever: end it, so the loop joins again with a fresh client.
      consumer.on("consumer:heartbeat:stalled", (stall: unknown) => {
        bus.log?.warn(`kafka consumer of ${options.topic} lost its group membership`, { groupId: options.groupId, stall: String(stall) });
        void stream.close().catch(() => undefined);
      });
      // The client's own errors (a failed rejoin among them) are reported; its retries and the stall
      // detection above decide what happens next. Without a listener they would end the process.
      consumer.on("error", (error: unknown) =>
        bus.log?.warn(`kafka consumer of ${options.topic} reported an error`, { groupId: options.groupId, error: String(error) }),
      );
      return { consumer, stream };
    } catch (error) {
      await consumer.close(true).catch(() => undefined);
      throw error;
    }
  };
  let current = await open();
  const reopen = async (failure: unknown): Promise<boolean> => {
    bus.log?.warn(`kafka consumer of ${options.topic} resumes from the committed offsets`, { groupId: options.groupId, error: String(failure) });
    // The broker may be away for a while (a restart): retry with backoff and jitter, never give up.
    for (let delayMs = 1000; !closed; delayMs = Math.min(delayMs * 2, 30_000)) {
      await sleep(delayMs / 2 + Math.random() * (delayMs / 2));
      if (closed) return false;
      try {
        current = await open();
        return true;
      } catch (error) {
        bus.log?.warn(`kafka consumer of ${options.topic} cannot rejoin yet`, { groupId: options.groupId, error: String(error) });
      }
    }
    return false;
  };
  const loop = (async () => {
    while (!closed) {
      const failure = await deliver(current.stream, options, handle);
      await current.stream.close().catch(() => undefined);
      await current.consumer.close(true).catch(() => undefined);
      if (closed || !(await reopen(failure))) break;
    }
  })();
  return {
    async close() {
      closed = true;
      await current.stream.close().catch(() => undefined);
      await loop.catch(() => undefined);
      await current.consumer.close(true).catch(() => undefined);
    },
  };
}

interface Membership {
  readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  readonly stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
}

/**
 * Dispatches the stream's records until it ends or a handler fails; returns the failure. Each
 * partition has a lane: records queue there while its previous batch is handled, and the lane hands
 * over up to maxBatchRecords of them at once, in order; at most `concurrency` lanes run at a time.
 */
async function deliver(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>, options: BusConsumerOptions, handle: BusBatchHandler): Promise<unknown> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const maxBatch = Math.max(1, options.maxBatchRecords ?? 500);
  const queues = new Map<number, Bytes[]>();
  const running = new Map<number, Promise<void>>();
  const handled = new Map<number, Bytes>();
  let failure: unknown;
  const periodic = options.commit === "periodic" ? setInterval(() => void commitHandled(handled), 1000) : undefined;
  const drain = async (partition: number, queue: Bytes[]): Promise<void> => {
    // A new lane starts on the next turn of the event loop, so the records the stream has already
    // read join its first batch instead of that batch being the one record that started it.
    await new Promise((resolve) => setImmediate(resolve));
    for (;;) {
      // Checked and cleared in one synchronous step, so a record queued after it starts a new lane.
      if (queue.length === 0 || failure !== undefined) {
        running.delete(partition);
        return;
      }
      const batch = queue.splice(0, maxBatch);
      try {
        const records = batch.map(toRecord);
        await handle(records, () => Promise.resolve());
        const last = batch[batch.length - 1]!;
        if (options.commit === "message") {
          await last.commit();
          options.onCommitted?.(records[records.length - 1]!);
        } else if (options.commit === "periodic") {
          handled.set(partition, last);
        }
      } catch (error) {
        failure ??= error ?? new Error("handler failed");
        // Ends the iteration even when no further record would arrive.
        void stream.close().catch(() => undefined);
      }
    }
  };
  try {
    for await (const message of stream) {
      if (failure !== undefined) break;
      let queue = queues.get(message.partition);
      if (queue === undefined) queues.set(message.partition, (queue = []));
      queue.push(message);
      if (!running.has(message.partition)) {
        // Backpressure: no more partitions in flight than `concurrency`.
        while (running.size >= concurrency) await Promise.race(running.values());
        running.set(message.partition, drain(message.partition, queue));
      }
      // Backpressure: a lane holds at most a few batches.
      while (queue.length >= maxBatch * 2 && running.has(message.partition)) await running.get(message.partition);
    }
  } catch (error) {
    failure ??= error;
  } finally {
    await Promise.all(running.values());
    if (periodic !== undefined) clearInterval(periodic);
    await commitHandled(handled);
  }
  return failure ?? new Error("the stream ended");
}

async function commitHandled(handled: Map<number, Bytes>): Promise<void> {
  const latest = [...handled.values()];
  handled.clear();
  await Promise.all(latest.map(async (m) => m.commit())).catch(() => undefined);
}

function admin(base: Base): BusAdmin {
  const a = new Admin(base);
  const partitionsOf = async (topic: string): Promise<number[]> => {
    const metadata = await a.metadata({ topics: [topic] });
    return Array.from({ length: metadata.topics.get(topic)?.partitionsCount ?? 0 }, (_, i) => i);
  };
  return {
    listTopics: () => a.listTopics(),
    async createTopics(topics) {
      // Settings apply to a whole request, so topics with their own go one request each.
      for (const t of topics) {
        const configs = Object.entries(t.settings ?? {}).map(([name, value]) => ({ name, value }));
        await a.createTopics({ topics: [{ topic: t.name, partitions: t.partitions, replicas: t.replicationFactor ?? 1 }], configs });
      }
    },
    async topicSettings(names, keys) {
      if (names.length === 0) return new Map();
      const described = await a.describeConfigs({
        resources: names.map((resourceName) => ({ resourceType: ConfigResourceTypes.TOPIC, resourceName, configurationKeys: [...keys] })),
      });
      return new Map(described.map((d) => [d.resourceName, Object.fromEntries(d.configs.map((c) => [c.name, c.value ?? ""]))]));
    },
    async setTopicSettings(name, settings) {
      const configs = Object.entries(settings).map(([key, value]) => ({ name: key, configOperation: IncrementalAlterConfigOperationTypes.SET, value }));
      await a.incrementalAlterConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: name, configs }] });
    },
    async deleteTopics(names) {
      await a.deleteTopics({ topics: [...names] });
    },
    async endOffsets(topic) {
      const partitions = await partitionsOf(topic);
      const [result] = await a.listOffsets({ topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] });
      return (result?.partitions ?? []).map((p) => ({ partition: p.partitionIndex, offset: p.offset.toString() })).sort((x, y) => x.partition - y.partition);
    },
    async committedOffsets(groupId, topic) {
      const partitions = await partitionsOf(topic);
      const [group] = await a.listConsumerGroupOffsets({ groups: [{ groupId, topics: [{ name: topic, partitionIndexes: partitions }] }] });
      const committed = new Map((group?.topics.find((t) => t.name === topic)?.partitions ?? []).map((p) => [p.partitionIndex, p.committedOffset]));
      return partitions.map((partition) => ({ partition, offset: (committed.get(partition) ?? -1n).toString() }));
    },
    async setCommittedOffsets(groupId, topic, offsets) {
      await a.alterConsumerGroupOffsets({
        groupId,
        topics: [{ name: topic, partitionOffsets: offsets.map((o) => ({ partition: o.partition, offset: BigInt(o.offset) })) }],
      });
    },
    async deleteGroups(groupIds) {
      await a.deleteGroups({ groups: [...groupIds] });
    },
    async brokerCount() {
      return (await a.metadata({ topics: [] })).brokers.size;
    },
    close: () => a.close(),
  };
}
