import { create, createFileRegistry, type DescFile, type MessageInitShape } from "@bufbuild/protobuf";
import { FieldDescriptorProto_Label, FieldDescriptorProto_Type, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import {
  type BindingFacts,
  checkAggregators,
  checkCommandIdempotency,
  checkFileNames,
  checkGoPackages,
  checkPackageNames,
  checkTopics,
  formatViolations,
  messagesByName,
  topicBindings,
} from "../src/index.js";

const contractFiles: DescFile[] = [...new Set([...typeRegistry].map((t) => t.file))];
const bindings: BindingFacts[] = topicBindings.map((b) => ({
  name: b.name,
  topicClass: b.topicClass,
  topicKind: b.topicKind,
  messageTypeName: b.schema.typeName,
}));

function expectConformant(violations: ReturnType<typeof checkTopics>): void {
  expect(violations, formatViolations(violations)).toEqual([]);
}

describe("the v1 contracts conform to the naming and topic rules", () => {
  test("the registry holds every contract file", () => {
    expect(contractFiles.length).toBeGreaterThanOrEqual(14);
  });
  test("packages", () => expectConformant(checkPackageNames(contractFiles)));
  test("file names and directories", () => expectConformant(checkFileNames(contractFiles)));
  test("go packages follow the proto packages", () => expectConformant(checkGoPackages(contractFiles)));
  test("aggregators carry the envelope and a oneof", () => expectConformant(checkAggregators(bindings, messagesByName(contractFiles))));
  test("topics: version, uniqueness, queues carry intents", () => expectConformant(checkTopics(bindings)));
  test("commands carry idempotency keys", () => expectConformant(checkCommandIdempotency(contractFiles)));
  test("the queue topics of CONTRACTS.md are all bound", () => {
    const queues = bindings.filter((b) => b.topicClass === "queue").map((b) => b.name);
    expect(queues.sort()).toEqual([
      "transformation.work.queue.agentwork.coder.v1",
      "transformation.work.queue.toolrun.generate.v1",
      "transformation.work.queue.toolrun.publish.v1",
      "transformation.work.queue.toolrun.verify.v1",
    ]);
  });
});

// The rules must catch what they guard; each case breaks one rule on a synthetic descriptor.
describe("the rules fail loudly, naming the offending element", () => {
  const stringField = (name: string, number: number) => ({
    name,
    number,
    type: FieldDescriptorProto_Type.STRING,
    label: FieldDescriptorProto_Label.OPTIONAL,
  });

  function fileOf(init: MessageInitShape<typeof FileDescriptorProtoSchema>): DescFile {
    const proto = create(FileDescriptorProtoSchema, { syntax: "proto3", ...init });
    const file = createFileRegistry(proto, () => undefined).getFile(proto.name);
    if (file === undefined) throw new Error(`synthetic file ${proto.name} did not build`);
    return file;
  }

  test("a package without major version or prefix", () => {
    const file = fileOf({ name: "x/foo.proto", package: "acme.foo" });
    expect(formatViolations(checkPackageNames([file]))).toContain("acme.foo");
  });

  test("a generic file name", () => {
    const file = fileOf({ name: "ameide_core_proto/transformation/work/v1/messages.proto", package: "ameide_core_proto.transformation.work.v1" });
    expect(formatViolations(checkFileNames([file]))).toContain("[file-name] ameide_core_proto/transformation/work/v1/messages.proto");
  });

  test("a missing or moved go_package", () => {
    const missing = fileOf({
      name: "ameide_core_proto/transformation/work/v1/transformation_work_x.proto",
      package: "ameide_core_proto.transformation.work.v1",
    });
    expect(formatViolations(checkGoPackages([missing]))).toContain(
      'go_package = "github.com/ameide/platform/gen/go/ameide_core_proto/transformation/work/v1;transformationworkv1"',
    );
    const moved = fileOf({
      name: "ameide_core_proto/transformation/work/v1/transformation_work_y.proto",
      package: "ameide_core_proto.transformation.work.v1",
      options: { goPackage: "example.com/work;work" },
    });
    expect(formatViolations(checkGoPackages([moved]))).toContain('(found "example.com/work;work")');
  });

  test("a command without idempotency key", () => {
    const file = fileOf({
      name: "ameide_core_proto/transformation/work/v1/transformation_work_x.proto",
      package: "ameide_core_proto.transformation.work.v1",
      messageType: [{ name: "SetStatusRequest", field: [stringField("status", 1)] }, { name: "SetStatusResponse" }],
      service: [
        {
          name: "XCommandService",
          method: [
            {
              name: "SetStatus",
              inputType: ".ameide_core_proto.transformation.work.v1.SetStatusRequest",
              outputType: ".ameide_core_proto.transformation.work.v1.SetStatusResponse",
            },
          ],
        },
      ],
    });
    expect(formatViolations(checkCommandIdempotency([file]))).toContain("SetStatusRequest");
  });

  test("an aggregator without envelope or oneof", () => {
    const file = fileOf({
      name: "ameide_core_proto/transformation/work/v1/transformation_work_y.proto",
      package: "ameide_core_proto.transformation.work.v1",
      messageType: [{ name: "BareFact", field: [stringField("id", 1)] }],
    });
    const found = formatViolations(
      checkAggregators(
        [
          {
            name: "transformation.bare.domain.facts.v1",
            topicClass: "spine",
            topicKind: "facts",
            messageTypeName: "ameide_core_proto.transformation.work.v1.BareFact",
          },
        ],
        messagesByName([file]),
      ),
    );
    expect(found).toContain("[envelope] ameide_core_proto.transformation.work.v1.BareFact");
    expect(found).toContain("[aggregator-oneof] ameide_core_proto.transformation.work.v1.BareFact");
  });

  test("a topic version that differs from the package major, a duplicate, a fact on a queue", () => {
    const found = formatViolations(
      checkTopics([
        { name: "transformation.work.domain.facts.v2", topicClass: "spine", topicKind: "facts", messageTypeName: "ameide_core_proto.transformation.work.v1.F" },
        {
          name: "transformation.work.queue.x.v1",
          topicClass: "queue",
          topicKind: "intents",
          messageTypeName: "ameide_core_proto.transformation.work.v1.WorkCompleted",
        },
        {
          name: "transformation.work.queue.x.v1",
          topicClass: "queue",
          topicKind: "intents",
          messageTypeName: "ameide_core_proto.transformation.work.v1.XRequested",
        },
      ]),
    );
    expect(found).toContain("[topic-version] transformation.work.domain.facts.v2");
    expect(found).toContain("[queue-intents] transformation.work.queue.x.v1");
    expect(found).toContain("[topic-unique] transformation.work.queue.x.v1");
  });
});
