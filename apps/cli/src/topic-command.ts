import { toJson } from "@bufbuild/protobuf";
import { decodeFromTopic, registryTopics, topicBinding, topicBindings, type TopicName } from "@ameide/contracts";
import { createKafka } from "@ameide/eventing";
import { kafkaReachable, provisionTopics } from "@ameide/kafka-bus";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { resolveServiceEnv } from "@ameide/service-kit";
import { CliError, ExitCode } from "./cli-errors.js";

/** `ameide topic list`: the registry's topics. */
export function topicList(): Promise<number> {
  for (const b of topicBindings) console.log(`${b.name.padEnd(48)} ${b.topicClass}/${b.topicKind}  ${b.schema.typeName}`);
  return Promise.resolve(ExitCode.Ok);
}

/**
 * `ameide topic ensure`: creates the registry's topics that the cluster at KAFKA_BROKERS lacks and
 * sets each topic's class settings (retention) where they differ. Existing partitions are kept.
 */
export async function topicEnsure(options: { partitions: string; replicationFactor: string; dryRun?: boolean }): Promise<number> {
  const partitions = positive("--partitions", options.partitions);
  const replicationFactor = positive("--replication-factor", options.replicationFactor);
  const env = await resolveServiceEnv("", process.env, ["KAFKA_BROKERS"]);
  if (!(await kafkaReachable(env.kafkaBrokers))) {
    throw new CliError(
      `Kafka at ${env.kafkaBrokers} does not answer`,
      "set KAFKA_BROKERS (and KAFKA_SASL_*/KAFKA_TLS* for a secured cluster), or `ameide stack up` for the local one",
      ExitCode.Unavailable,
    );
  }
  const admin = await createKafka(env.kafkaBrokers, "ameide-cli").admin();
  try {
    const report = await provisionTopics(admin, registryTopics(partitions, replicationFactor), { dryRun: options.dryRun === true });
    const verb = options.dryRun === true ? "would " : "";
    for (const name of report.created) console.log(`${verb}create ${name} (${partitions} partitions, ${replicationFactor} replicas)`);
    for (const c of report.changed) console.log(`${verb}set    ${c.topic} ${c.setting}=${c.to} (was ${c.from || "unset"})`);
    for (const name of report.unchanged) console.log(`ok     ${name}`);
    for (const k of report.partitionsKept) {
      console.log(`keep   ${k.topic} at ${k.partitions} partitions (asked ${k.asked}: more partitions would move keys and break their order)`);
    }
    return ExitCode.Ok;
  } finally {
    await admin.close();
  }
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} ${value} is not a positive integer`, `give e.g. ${flag} 3`, ExitCode.Usage);
  return n;
}

/** `ameide topic tail <topic>`: a decoding console consumer. */
export function topicTail(name: string, fromBeginning: boolean): Promise<number> {
  if (!topicBindings.some((b) => b.name === name)) throw new CliError(`unknown topic ${name}`, "`ameide topic list` shows the registry", ExitCode.Usage);
  return tail(name as TopicName, fromBeginning);
}

async function tail(topic: TopicName, fromBeginning: boolean): Promise<number> {
  const env = await resolveServiceEnv("", process.env, ["KAFKA_BROKERS"]);
  const schema = topicBinding(topic).schema;
  const consumer = await createKafka(env.kafkaBrokers, "ameide-cli").consume(
    { topic, groupId: `ameide-cli-tail-${process.pid}-${Date.now()}`, startAt: fromBeginning ? "earliest" : "latest", commit: "none" },
    (record) => {
      const decoded = decodeFromTopic(topic, record.value);
      const value = toJson(schema, decoded as never, { registry: typeRegistry });
      console.log(JSON.stringify({ partition: record.partition, offset: record.offset, key: record.key, value }));
      return Promise.resolve();
    },
  );
  return new Promise((resolve) => {
    process.once("SIGINT", () => void consumer.close().then(() => resolve(ExitCode.Ok)));
  });
}
