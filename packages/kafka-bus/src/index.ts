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
} from "./bus.js";
export { createKafkaBus, kafkaReachable } from "./create-kafka-bus.js";
export { kafkaSecurityFromEnv, type KafkaSecurity, type SaslMechanism } from "./security.js";
