import type { KafkaBus, KafkaBusOptions, KafkaClientName } from "./bus.js";
import { createKafkajsBus } from "./kafkajs-bus.js";
import { createPlatformaticBus } from "./platformatic-bus.js";

/** The client the platform uses unless AMEIDE_KAFKA_CLIENT says otherwise (docs/benchmarks.md says why). */
export const defaultKafkaClient: KafkaClientName = "kafkajs";

/** A bus on the chosen client library (default: AMEIDE_KAFKA_CLIENT, else `defaultKafkaClient`). */
export function createKafkaBus(options: KafkaBusOptions & { readonly client?: KafkaClientName }): KafkaBus {
  const client = options.client ?? clientFromEnv();
  switch (client) {
    case "kafkajs":
      return createKafkajsBus(options);
    case "platformatic":
      return createPlatformaticBus(options);
    default:
      throw new Error(`AMEIDE_KAFKA_CLIENT=${String(client)} is not a Kafka client this platform has an adapter for; use kafkajs or platformatic`);
  }
}

function clientFromEnv(): KafkaClientName {
  const value = process.env.AMEIDE_KAFKA_CLIENT;
  if (value === undefined || value === "") return defaultKafkaClient;
  if (value === "kafkajs" || value === "platformatic") return value;
  throw new Error(`AMEIDE_KAFKA_CLIENT=${value} is not a Kafka client this platform has an adapter for; use kafkajs or platformatic`);
}
