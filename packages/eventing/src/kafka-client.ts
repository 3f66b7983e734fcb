import { Kafka, logLevel, type LogEntry } from "kafkajs";

// kafkajs prints a partitioner migration notice on every producer; the default partitioner is
// the one wanted (murmur2, Java-compatible), so the notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= "1";

/** Where kafkajs' own warnings and errors go (connection refused, rebalances, ...). */
export interface KafkaLogSink {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * A kafkajs client for a comma-separated broker list. Without a sink kafkajs stays silent: callers
 * see failures as rejected promises (and relays report them through their own error hook).
 */
export function createKafka(brokers: string, clientId: string, sink?: KafkaLogSink): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(",").map((b) => b.trim()).filter((b) => b !== ""),
    logLevel: sink === undefined ? logLevel.NOTHING : logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...fields } = entry.log;
      sink?.warn(`kafkajs: ${message}`, { namespace: entry.namespace, ...fields });
    },
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
  });
}
