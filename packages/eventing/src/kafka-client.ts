import { type BusLogSink, createKafkaBus, type KafkaBus } from "@ameide/kafka-bus";

/** Where the Kafka client's own warnings and errors go (connection refused, rebalances, ...). */
export type KafkaLogSink = BusLogSink;

/**
 * The bus for a comma-separated broker list. Without a sink the client stays silent: callers
 * see failures as rejected promises (and relays report them through their own error hook).
 */
export function createKafka(brokers: string, clientId: string, sink?: KafkaLogSink): KafkaBus {
  return createKafkaBus({ brokers, clientId, log: sink });
}
