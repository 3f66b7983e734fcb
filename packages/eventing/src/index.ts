export { createKafka, type KafkaLogSink } from "./kafka-client.js";
export { kafkaReachable } from "@ameide/kafka-bus";
export { protobufContentType, recordHeaders } from "./record-headers.js";
export { outboxChannel, outboxMigration, type OutboxTable } from "./outbox/outbox-migration.js";
export { appendToOutbox, outboxEntry, type OutboxEntry } from "./outbox/outbox-entry.js";
export { createOutboxRelay, type OutboxLag, type OutboxRelay, type OutboxRelayOptions } from "./outbox/outbox-relay.js";
export { startFactBatchConsumer, startFactConsumer } from "./fact-consumer.js";
export type { BatchItem, Delivery, TopicBatchHandler, TopicConsumer, TopicConsumerOptions, TopicHandler } from "./topic-consumer.js";
