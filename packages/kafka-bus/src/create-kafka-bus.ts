import type { KafkaBus, KafkaBusOptions } from "./bus.js";
import { createPlatformaticBus } from "./platformatic-bus.js";

/**
 * The platform's Kafka bus, on @platformatic/kafka: chosen over kafkajs by measurement through
 * this same port (bench/kafka-client-bench.ts; figures in docs/benchmarks.md).
 */
export function createKafkaBus(options: KafkaBusOptions): KafkaBus {
  return createPlatformaticBus(options);
}
