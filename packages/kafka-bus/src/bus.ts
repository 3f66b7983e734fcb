import type { KafkaSecurity } from "./security.js";
/** One record to publish: the key decides the partition (murmur2, as Java's default partitioner). */
export interface BusMessage {
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/** One record as a consumer receives it. */
export interface BusRecord extends BusMessage {
  readonly topic: string;
  readonly partition: number;
  /** The record's offset, as a decimal string (offsets are 64-bit). */
  readonly offset: string;
}

/** An idempotent producer: every send waits for acks from all in-sync replicas. */
export interface BusProducer {
  /** Resolves once every message of every topic is acknowledged; rejects if any is not. */
  send(batches: ReadonlyArray<{ readonly topic: string; readonly messages: readonly BusMessage[] }>): Promise<void>;
  close(): Promise<void>;
}

/** Where a consumer group that has no committed offset starts. */
export type StartAt = "earliest" | "latest" | ReadonlyArray<{ readonly partition: number; readonly offset: string }>;

/** How to consume one topic. */
export interface BusConsumerOptions {
  readonly topic: string;
  readonly groupId: string;
  /**
   * Default "earliest". Explicit offsets apply to this consumer's start, whatever the group
   * committed. A function is asked again at every (re)join: a consumer that stores its progress
   * with its effects resumes from there, and the group's committed offsets are only a shortcut.
   */
  readonly startAt?: StartAt | (() => Promise<StartAt>);
  /** Partitions handled at once (one record at a time per partition, so per-key order holds). Default 1. */
  readonly concurrency?: number;
  /**
   * "message": each offset is committed right after its handler resolved. "periodic": handled
   * offsets are committed about once a second (idempotent consumers). "none": never (taps).
   */
  readonly commit: "message" | "periodic" | "none";
  /** With commit "message": called once a record's offset is committed. */
  readonly onCommitted?: (record: BusRecord) => void;
  /** How long a fetch waits for data when the topic is idle. Default 500 ms. */
  readonly maxWaitMs?: number;
  /**
   * consumeBatches: the most records of one partition handed over at once (default 500). A batch
   * holds what arrived while the partition's previous batch was being handled, so it is one record
   * when the topic is quiet and grows with the load.
   */
  readonly maxBatchRecords?: number;
}

/** Handles one record; resolving lets its offset be committed, rejecting leaves it for redelivery. */
export type BusHandler = (record: BusRecord, heartbeat: () => Promise<void>) => Promise<void>;

/**
 * Handles consecutive records of one partition, in order; resolving lets the last one's offset be
 * committed, rejecting leaves them all for redelivery.
 */
export type BusBatchHandler = (records: readonly BusRecord[], heartbeat: () => Promise<void>) => Promise<void>;

/** A running consumer. */
export interface BusConsumer {
  close(): Promise<void>;
}

/** A topic to create: partitions, replicas (default 1) and topic-level settings ("retention.ms", ...). */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor?: number;
  readonly settings?: Readonly<Record<string, string>>;
}

/** The administrative calls the platform makes. */
export interface BusAdmin {
  listTopics(): Promise<string[]>;
  createTopics(topics: ReadonlyArray<TopicSpec>): Promise<void>;
  /** The named settings of each topic as the cluster reports them, the broker's defaults included. */
  topicSettings(names: readonly string[], keys: readonly string[]): Promise<Map<string, Record<string, string>>>;
  /** Sets these settings on a topic, leaving its other settings as they are. */
  setTopicSettings(name: string, settings: Readonly<Record<string, string>>): Promise<void>;
  deleteTopics(names: readonly string[]): Promise<void>;
  /** The next offset to be written, per partition. */
  endOffsets(topic: string): Promise<Array<{ partition: number; offset: string }>>;
  /** The group's committed offsets on the topic ("-1": none). */
  committedOffsets(groupId: string, topic: string): Promise<Array<{ partition: number; offset: string }>>;
  /** Sets the group's committed offsets (the group must have no active members). */
  setCommittedOffsets(groupId: string, topic: string, offsets: ReadonlyArray<{ partition: number; offset: string }>): Promise<void>;
  /** Deletes consumer groups (they must have no active members). */
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  /** Number of brokers in the cluster's metadata (0 when none answers). */
  brokerCount(): Promise<number>;
  close(): Promise<void>;
}

/** Where a client's own warnings go (connection refused, rebalances, ...). */
export interface BusLogSink {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** A Kafka cluster, as the platform uses it. */
export interface KafkaBus {
  /** The client library behind this bus (for reports). */
  readonly client: string;
  producer(): Promise<BusProducer>;
  consume(options: BusConsumerOptions, handle: BusHandler): Promise<BusConsumer>;
  /** As consume, handing over the records of a partition in batches (see maxBatchRecords). */
  consumeBatches(options: BusConsumerOptions, handle: BusBatchHandler): Promise<BusConsumer>;
  admin(): Promise<BusAdmin>;
}

/** How to reach the cluster. */
export interface KafkaBusOptions {
  /** Comma-separated host:port list. */
  readonly brokers: string;
  readonly clientId: string;
  readonly log?: BusLogSink;
  /** Fail fast instead of retrying (health checks). */
  readonly noRetry?: boolean;
  /** SASL and TLS; default: from KAFKA_SASL_* / KAFKA_TLS* (none: PLAINTEXT). */
  readonly security?: KafkaSecurity;
}
