import { createKafkaBus } from "@ameide/kafka-bus";
import { topicBindings } from "@ameide/contracts";

/** Creates every topic the contracts' topic registry declares; existing topics are left as they are. */
export async function ensureTopics(brokers: string[], partitions: number): Promise<string[]> {
  const admin = await createKafkaBus({ brokers: brokers.join(","), clientId: "ameide-stack" }).admin();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topicBindings.map((b) => b.name).filter((name) => !existing.has(name));
    if (missing.length > 0) await admin.createTopics(missing.map((name) => ({ name, partitions })));
    return missing;
  } finally {
    await admin.close();
  }
}
