export type {
  BusAdmin,
  BusConsumer,
  BusConsumerOptions,
  BusHandler,
  BusLogSink,
  BusMessage,
  BusProducer,
  BusRecord,
  KafkaBus,
  KafkaBusOptions,
  StartAt,
  TopicSpec,
} from "./bus.js";
export { createKafkaBus, kafkaReachable } from "./create-kafka-bus.js";
export { kafkaSecurityFromEnv, type KafkaSecurity, type SaslMechanism } from "./security.js";
export { type ProvisionReport, provisionTopics, type SettingChange } from "./provision-topics.js";
