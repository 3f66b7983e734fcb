import { createKafkaBus, provisionTopics } from "@ameide/kafka-bus";
import { registryTopics } from "@ameide/contracts";

/**
 * Creates every topic the contracts' topic registry declares, with its class's settings, and
 * brings those settings back on existing topics; returns the topics it created.
 */
export async function ensureTopics(brokers: string[], partitions: number): Promise<string[]> {
  const admin = await createKafkaBus({ brokers: brokers.join(","), clientId: "ameide-stack" }).admin();
  try {
    return (await provisionTopics(admin, registryTopics(partitions))).created;
  } finally {
    await admin.close();
  }
}
