import { ConfigResourceTypes, ConfigSource, type Consumer, Kafka, type KafkaMessage, logLevel, type LogEntry } from "kafkajs";
import type { BusAdmin, BusConsumer, BusConsumerOptions, BusHandler, BusProducer, BusRecord, KafkaBus, KafkaBusOptions } from "@ameide/kafka-bus";

// kafkajs prints a partitioner migration notice on every producer; the default partitioner is
// the one wanted (murmur2, Java-compatible), so the notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= "1";

/**
 * The bus port on kafkajs 2.x: the baseline of the Kafka client benchmark. The platform itself
 * runs on @platformatic/kafka (docs/benchmarks.md, "Kafka clients", says why).
 */
export function createKafkajsBus(options: KafkaBusOptions): KafkaBus {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: brokerList(options.brokers),
    logLevel: options.log === undefined ? logLevel.NOTHING : logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      options.log?.warn(`kafkajs: ${message}`, { namespace: entry.namespace, ...fields });
    },
    ...(options.noRetry
      ? { connectionTimeout: 1000, requestTimeout: 2000, retry: { retries: 0 } }
      : { retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 } }),
  });
  return {
    client: "kafkajs",
    producer: () => producer(kafka),
    consume: (consumerOptions, handle) => consume(kafka, consumerOptions, handle),
    // The comparison client hands over one record at a time.
    consumeBatches: (consumerOptions, handle) => consume(kafka, consumerOptions, (record, heartbeat) => handle([record], heartbeat)),
    admin: () => admin(kafka),
  };
}

function brokerList(brokers: string): string[] {
  return brokers
    .split(",")
    .map((b) => b.trim())
    .filter((b) => b !== "");
}

async function producer(kafka: Kafka): Promise<BusProducer> {
  const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await p.connect();
  return {
    async send(batches) {
      const topicMessages = batches.map((b) => ({
        topic: b.topic,
        messages: b.messages.map((m) => ({
          key: m.key,
          value: Buffer.from(m.value.buffer, m.value.byteOffset, m.value.byteLength),
          headers: { ...m.headers },
        })),
      }));
      await p.sendBatch({ acks: -1, topicMessages });
    },
    close: () => p.disconnect(),
  };
}

async function consume(kafka: Kafka, options: BusConsumerOptions, handle: BusHandler): Promise<BusConsumer> {
  const consumer = kafka.consumer({ groupId: options.groupId, sessionTimeout: 30_000, heartbeatInterval: 3000, maxWaitTimeInMs: options.maxWaitMs ?? 500 });
  await consumer.connect();
  const startAt = typeof options.startAt === "function" ? await options.startAt() : (options.startAt ?? "earliest");
  await consumer.subscribe({ topic: options.topic, fromBeginning: startAt !== "latest" });
  const periodic = options.commit === "periodic";
  await consumer.run({
    // kafkajs auto-commit only ever commits offsets whose handler resolved.
    autoCommit: periodic,
    autoCommitInterval: periodic ? 1000 : undefined,
    partitionsConsumedConcurrently: options.concurrency ?? 1,
    eachMessage: async (payload) => {
      const { partition, message } = payload;
      const record = toRecord(options.topic, partition, message);
      await handle(record, () => payload.heartbeat());
      if (options.commit === "message") {
        await commit(consumer, options.topic, partition, message.offset);
        options.onCommitted?.(record);
      }
    },
  });
  if (typeof startAt !== "string") for (const { partition, offset } of startAt) consumer.seek({ topic: options.topic, partition, offset });
  return { close: () => consumer.disconnect() };
}

function toRecord(topic: string, partition: number, message: KafkaMessage): BusRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) if (value !== undefined) headers[name] = String(value);
  return { topic, partition, offset: message.offset, key: message.key?.toString() ?? "", value: message.value ?? new Uint8Array(), headers };
}

function commit(consumer: Consumer, topic: string, partition: number, offset: string): Promise<void> {
  return consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
}

async function admin(kafka: Kafka): Promise<BusAdmin> {
  const a = kafka.admin();
  await a.connect();
  return {
    listTopics: () => a.listTopics(),
    async createTopics(topics) {
      await a.createTopics({
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor ?? 1,
          configEntries: Object.entries(t.settings ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    },
    async topicSettings(names, keys) {
      if (names.length === 0) return new Map();
      const { resources } = await a.describeConfigs({
        includeSynonyms: false,
        resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: [...keys] })),
      });
      return new Map(resources.map((r) => [r.resourceName, Object.fromEntries(r.configEntries.map((c) => [c.configName, c.configValue]))]));
    },
    async setTopicSettings(name, settings) {
      // kafkajs has no incremental alter: read the topic's own settings and write them back with these.
      const { resources } = await a.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name }] });
      // Only the topic's own settings, not the broker's.
      const own = (resources[0]?.configEntries ?? [])
        .filter((c) => c.configSource === ConfigSource.TOPIC_CONFIG)
        .map((c) => [c.configName, c.configValue] as const);
      const configEntries = Object.entries({ ...Object.fromEntries(own), ...settings }).map(([key, value]) => ({ name: key, value }));
      await a.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name, configEntries }] });
    },
    async deleteTopics(names) {
      await a.deleteTopics({ topics: [...names] });
    },
    async endOffsets(topic) {
      return (await a.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, offset: o.offset }));
    },
    async committedOffsets(groupId, topic) {
      const [committed] = await a.fetchOffsets({ groupId, topics: [topic] });
      return (committed?.partitions ?? []).map((p) => ({ partition: p.partition, offset: p.offset }));
    },
    setCommittedOffsets: (groupId, topic, offsets) =>
      a.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.offset })) }),
    async deleteGroups(groupIds) {
      await a.deleteGroups([...groupIds]);
    },
    async brokerCount() {
      const cluster = await a.describeCluster();
      return cluster.controller === null ? 0 : cluster.brokers.length;
    },
    close: () => a.disconnect(),
  };
}
