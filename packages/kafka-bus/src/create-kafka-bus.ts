import type { KafkaBus, KafkaBusOptions } from "./bus.js";
import { createPlatformaticBus } from "./platformatic-bus.js";

/**
 * The platform's Kafka bus, on @platformatic/kafka: chosen over kafkajs by measurement through
 * this same port (bench/kafka-client-bench.ts; figures in docs/benchmarks.md).
 */
export function createKafkaBus(options: KafkaBusOptions): KafkaBus {
  return createPlatformaticBus(options);
}

/** True when the cluster answers a metadata request with at least one broker (fails fast). */
export async function kafkaReachable(brokers: string): Promise<boolean> {
  try {
    const admin = await createKafkaBus({ brokers, clientId: "ameide-readiness", noRetry: true }).admin();
    try {
      return (await admin.brokerCount()) > 0;
    } finally {
      await admin.close().catch(() => undefined);
    }
  } catch {
    return false;
  }
}
