import { toJson } from "@bufbuild/protobuf";
import { decodeFromTopic, topicBinding, topicBindings, type TopicName } from "@ameide/contracts";
import { createKafka } from "@ameide/eventing";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { resolveServiceEnv } from "@ameide/service-kit";
import { CliError, ExitCode } from "./cli-errors.js";

/** `ameide topic list`: the registry's topics. */
export function topicList(): Promise<number> {
  for (const b of topicBindings) console.log(`${b.name.padEnd(48)} ${b.topicClass}/${b.topicKind}  ${b.schema.typeName}`);
  return Promise.resolve(ExitCode.Ok);
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
