import { Kafka, logLevel } from "kafkajs";
import { topicBindings } from "@ameide/contracts";

/** Creates every topic the contracts' topic registry declares; existing topics are left as they are. */
export async function ensureTopics(brokers: string[], partitions: number): Promise<string[]> {
  const admin = new Kafka({ clientId: "ameide-stack", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topicBindings.map((b) => b.name).filter((name) => !existing.has(name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
