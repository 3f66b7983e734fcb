import type { DescFile } from "@bufbuild/protobuf";
import { createEcmaScriptPlugin, type GeneratedFile, type Printable, type Schema } from "@bufbuild/protoplugin";
import { findTopicOption, readTopicBindings } from "./topic-bindings.js";
import { findWorkflowOption, readWorkflowInterfaces, type WorkflowHandlerInfo, type WorkflowInterfaceInfo } from "./workflow-interfaces.js";

/** Proto package prefix of the platform's own contracts (vendored files are left out). */
const contractsPrefix = "ameide_core_proto.";

/**
 * The buf plugin that emits the registries the contracts' options declare: the typed topic
 * registry, the message type registry, and a `<file>_temporal.ts` per file declaring Temporal
 * workflow interfaces.
 */
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
  const workflowOption = findWorkflowOption(schema.allFiles);
  if (workflowOption === undefined) return;
  for (const file of contracts) {
    const interfaces = readWorkflowInterfaces(file, schema.allFiles, workflowOption);
    if (interfaces.length > 0) generateWorkflowInterfaces(schema.generateFile(`${file.name}_temporal.ts`), file, interfaces);
  }
}

function generateWorkflowInterfaces(f: GeneratedFile, file: DescFile, interfaces: WorkflowInterfaceInfo[]): void {
  f.preamble(file);
  for (const w of interfaces) {
    const name = w.declaredOn.name.charAt(0).toLowerCase() + w.declaredOn.name.slice(1);
    f.print(f.jsDoc(w.declaredOn));
    f.print(f.export("const", name), " = {");
    f.print("  workflowType: ", f.string(w.workflowType), ",");
    f.print("  taskQueue: ", f.string(w.taskQueue), ",");
    f.print("  workflowId: ", f.string(w.workflowId), ",");
    f.print("  input: ", f.importSchema(w.input), ",");
    f.print("  result: ", f.importSchema(w.result), ",");
    for (const [kind, handlers] of [
      ["signals", w.signals],
      ["updates", w.updates],
      ["queries", w.queries],
    ] as const) {
      f.print("  ", kind, ": {");
      for (const h of handlers) printHandler(f, h);
      f.print("  },");
    }
    f.print("} as const;");
  }
}

function printHandler(f: GeneratedFile, h: WorkflowHandlerInfo): void {
  if (h.description !== "") f.print("    /** ", h.description.replaceAll("*/", "*\\/"), " */");
  const parts: Printable[] = ["    ", h.name, ": { name: ", f.string(h.name)];
  if (h.input !== undefined) parts.push(", input: ", f.importSchema(h.input));
  if (h.output !== undefined) parts.push(", output: ", f.importSchema(h.output));
  parts.push(" },");
  f.print(...parts);
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
