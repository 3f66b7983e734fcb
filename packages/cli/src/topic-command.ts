import { toJson } from "@bufbuild/protobuf";
import { decodeFromTopic, topicBinding, topicBindings, type TopicName } from "@ameide/contracts";
import { createKafka } from "@ameide/eventing";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { resolveServiceEnv } from "@ameide/service-kit";

const usage = `usage: ameide topic list
       ameide topic tail <topic> [--from-beginning]   print records decoded with the topic's generated type (JSON lines)`;

/** `ameide topic ...`: the registry's topics, and a decoding console consumer. */
export async function topicCommand(args: string[]): Promise<number> {
  const [sub, name, ...rest] = args;
  if (sub === "list") {
    for (const b of topicBindings) console.log(`${b.name.padEnd(48)} ${b.topicClass}/${b.topicKind}  ${b.schema.typeName}`);
    return 0;
  }
  if (sub !== "tail" || name === undefined) {
    console.error(usage);
    return 2;
  }
  if (!topicBindings.some((b) => b.name === name)) {
    console.error(`unknown topic ${name}; \`ameide topic list\` shows the registry`);
    return 2;
  }
  return tail(name as TopicName, rest.includes("--from-beginning"));
}

async function tail(topic: TopicName, fromBeginning: boolean): Promise<number> {
  const env = await resolveServiceEnv("", process.env, ["KAFKA_BROKERS"]);
  const consumer = createKafka(env.kafkaBrokers, "ameide-cli").consumer({ groupId: `ameide-cli-tail-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  const schema = topicBinding(topic).schema;
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      const decoded = decodeFromTopic(topic, message.value ?? new Uint8Array());
      const value = toJson(schema, decoded as never, { registry: typeRegistry });
      console.log(JSON.stringify({ partition, offset: message.offset, key: message.key?.toString(), value }));
      return Promise.resolve();
    },
  });
  return new Promise((resolve) => {
    process.once("SIGINT", () => void consumer.disconnect().then(() => resolve(0)));
  });
}
