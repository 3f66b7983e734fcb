import { fromBinary, type MessageShape, toBinary } from "@bufbuild/protobuf";
import { topicRegistry } from "@ameide/proto/ameide_core_proto/topic_registry";

/** Every topic name bound in the contracts. */
export type TopicName = keyof typeof topicRegistry;

/** The generated binding of one topic: name, class, kind, queue ref, consumer group, schema. */
export type TopicBinding<N extends TopicName> = (typeof topicRegistry)[N];

/** Topics of the fact spine (pub/sub audit statements). */
export type FactTopicName = {
  [N in TopicName]: TopicBinding<N>["topicKind"] extends "facts" ? N : never;
}[TopicName];

/** Point-to-point execution queues (intents for one executor class). */
export type QueueTopicName = {
  [N in TopicName]: TopicBinding<N>["topicClass"] extends "queue" ? N : never;
}[TopicName];

/** The one message type a topic carries. */
export type TopicMessage<N extends TopicName> = MessageShape<TopicBinding<N>["schema"]>;

/** Logical queue references ("toolrun.verify", ...) of the execution queues. */
export type QueueRef = TopicBinding<QueueTopicName>["queueRef"];

/** All topic bindings, in declaration order. */
export const topicBindings: ReadonlyArray<TopicBinding<TopicName>> = Object.values(topicRegistry);

/** The executor classes: the queue refs of the execution queues, in declaration order. */
export const executorClasses: readonly QueueRef[] = topicBindings.flatMap((b) => (b.topicClass === "queue" ? [b.queueRef] : []));

/** How long a queue topic keeps an intent no executor has taken: 30 days. */
export const queueRetentionMs = 30 * 24 * 60 * 60 * 1000;

/**
 * The Kafka settings a topic of this class is provisioned with. The fact spine is the platform's
 * record: kept whole (no time or size limit, never compacted), so a new consumer group or a
 * rebuilt projection reads every fact from the first offset. A queue carries deliveries of work
 * the Domain holds; it keeps an untaken intent for `queueRetentionMs`.
 */
export function topicSettings(topicClass: TopicBinding<TopicName>["topicClass"]): Readonly<Record<string, string>> {
  switch (topicClass) {
    case "spine":
      return { "cleanup.policy": "delete", "retention.ms": "-1", "retention.bytes": "-1" };
    case "queue":
      return { "cleanup.policy": "delete", "retention.ms": String(queueRetentionMs), "retention.bytes": "-1" };
    default: {
      // A new topic class must say how long it keeps its records.
      const unknown: never = topicClass;
      throw new Error(`no retention is defined for topic class ${String(unknown)}`);
    }
  }
}

/** Every topic of the registry as a cluster should hold it, with these partitions and replicas. */
export function registryTopics(partitions: number, replicationFactor = 1) {
  return topicBindings.map((b) => ({ name: b.name, partitions, replicationFactor, settings: topicSettings(b.topicClass) }));
}

/** Returns the binding of a topic. */
export function topicBinding<N extends TopicName>(name: N): TopicBinding<N> {
  return topicRegistry[name];
}

/** Returns the queue topic bound to a logical queue ref, or undefined when none is. */
export function queueTopicForRef(queueRef: string): QueueTopicName | undefined {
  const binding = topicBindings.find((b) => b.topicClass === "queue" && b.queueRef === queueRef);
  return binding?.name as QueueTopicName | undefined;
}

/** Encodes a message for a topic; the compiler rejects a message the topic does not carry. */
export function encodeForTopic<N extends TopicName>(name: N, message: TopicMessage<N>): Uint8Array {
  const schema: TopicBinding<TopicName>["schema"] = topicRegistry[name].schema;
  return toBinary(schema, message as never);
}

/** Decodes a record value read from a topic into the message that topic carries. */
export function decodeFromTopic<N extends TopicName>(name: N, bytes: Uint8Array): TopicMessage<N> {
  const schema: TopicBinding<TopicName>["schema"] = topicRegistry[name].schema;
  return fromBinary(schema, bytes) as TopicMessage<N>;
}
