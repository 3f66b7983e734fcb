import type { DescFile } from "@bufbuild/protobuf";
import { createEcmaScriptPlugin, type GeneratedFile, type Schema } from "@bufbuild/protoplugin";
import { findTopicOption, readTopicBindings } from "./topic-bindings.js";

/** Proto package prefix of the platform's own contracts (vendored files are left out). */
const contractsPrefix = "ameide_core_proto.";

/** The buf plugin that emits the typed topic registry and the message type registry. */
export const protocGenTopics = createEcmaScriptPlugin({
  name: "protoc-gen-topics",
  version: "v0.1.0",
  generateTs,
});

function generateTs(schema: Schema): void {
  const contracts = schema.allFiles.filter((file) => file.proto.package.startsWith(contractsPrefix));
  const anchor = contracts[0];
  if (anchor === undefined) {
    return;
  }
  generateTopicRegistry(schema.generateFile("ameide_core_proto/topic_registry.ts"), anchor, contracts, schema);
  generateTypeRegistry(schema.generateFile("ameide_core_proto/type_registry.ts"), anchor, contracts);
}

function generateTopicRegistry(f: GeneratedFile, anchor: DescFile, contracts: DescFile[], schema: Schema): void {
  f.preamble(anchor);
  const bindings = readTopicBindings(contracts, findTopicOption(schema.allFiles));
  f.print("/** Every Kafka topic bound in the contracts, keyed by topic name. */");
  f.print(f.export("const", "topicRegistry"), " = {");
  for (const b of bindings) {
    f.print("  ", f.string(b.name), ": {");
    f.print("    name: ", f.string(b.name), ",");
    f.print("    topicClass: ", f.string(b.topicClass), ",");
    f.print("    topicKind: ", f.string(b.topicKind), ",");
    f.print("    queueRef: ", f.string(b.queueRef), ",");
    f.print("    consumerGroup: ", f.string(b.consumerGroup), ",");
    f.print("    schema: ", f.importSchema(b.message), ",");
    f.print("  },");
  }
  f.print("} as const;");
}

function generateTypeRegistry(f: GeneratedFile, anchor: DescFile, contracts: DescFile[]): void {
  f.preamble(anchor);
  const files = contracts.map((file) => f.importSchema(file));
  f.print("/** Every message, enum and service of the contracts, for decoding by type name. */");
  const createRegistry = f.import("createRegistry", "@bufbuild/protobuf");
  f.print(f.export("const", "typeRegistry"), " = ", createRegistry, "(");
  for (const file of files) {
    f.print("  ", file, ",");
  }
  f.print(");");
}
