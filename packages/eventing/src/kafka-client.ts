import { Kafka, logLevel } from "kafkajs";

// kafkajs prints a partitioner migration notice on every producer; the default partitioner is
// the one wanted (murmur2, Java-compatible), so the notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= "1";

/** A kafkajs client for a comma-separated broker list. */
export function createKafka(brokers: string, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(",").map((b) => b.trim()).filter((b) => b !== ""),
    logLevel: logLevel.ERROR,
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
  });
}
