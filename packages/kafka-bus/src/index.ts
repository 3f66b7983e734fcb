export type { BusAdmin, BusConsumer, BusConsumerOptions, BusHandler, BusLogSink, BusMessage, BusProducer, BusRecord, KafkaBus, KafkaBusOptions, KafkaClientName, StartAt } from "./bus.js";
export { createKafkaBus, defaultKafkaClient } from "./create-kafka-bus.js";
