import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";

/** A broken naming or contract rule, naming the offending element. */
export interface Violation {
  readonly rule: string;
  readonly element: string;
  readonly message: string;
}

/** A topic binding as the conformance rules see it. */
export interface BindingFacts {
  readonly name: string;
  readonly topicClass: string;
  readonly topicKind: string;
  readonly messageTypeName: string;
}

const packagePattern = /^ameide_core_proto\.[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?\.v([1-9][0-9]*)$/;
const envelopeTypeName = "ameide_core_proto.transformation.common.v1.EventMeta";
const idempotencyFields = new Set(["idempotency_key", "client_request_id"]);

/** Package names are `ameide_core_proto.<ctx>[.<sub>].v<major>`. */
export function checkPackageNames(files: readonly DescFile[]): Violation[] {
  return files
    .filter((f) => !packagePattern.test(f.proto.package))
    .map((f) => violation("package-name", f.proto.package, "must match ameide_core_proto.<ctx>[.<sub>].v<major>"));
}

/** The Go module that `buf generate` writes to gen/go. */
export const goModule = "github.com/ameide/platform/gen/go";

/**
 * The go_package a contract file must declare: derived from its proto package, so it moves only
 * with the package (a new major) and Go clients of every file of a package share one import.
 */
export function expectedGoPackage(protoPackage: string): string {
  const segments = protoPackage.split(".");
  return `${goModule}/${segments.join("/")};${segments.slice(1).join("")}`;
}

/** Every contract file declares the go_package its proto package implies. */
export function checkGoPackages(files: readonly DescFile[]): Violation[] {
  return files
    .filter((f) => f.proto.options?.goPackage !== expectedGoPackage(f.proto.package))
    .map((f) =>
      violation(
        "go-package",
        f.proto.name,
        `must declare option go_package = "${expectedGoPackage(f.proto.package)}" (found "${f.proto.options?.goPackage ?? ""}")`,
      ),
    );
}

/** Directories mirror packages; file names are snake case and prefixed by their context. */
export function checkFileNames(files: readonly DescFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    const segments = f.proto.package.split(".");
    const expectedDir = segments.join("/");
    const prefix = segments.slice(1, -1).join("_") + "_";
    const slash = f.name.lastIndexOf("/");
    const dir = f.name.slice(0, slash);
    const base = f.name.slice(slash + 1);
    if (dir !== expectedDir) {
      out.push(violation("file-directory", f.proto.name, `must live in ${expectedDir}/`));
    }
    if (!/^[a-z][a-z0-9_]*$/.test(base) || !base.startsWith(prefix)) {
      out.push(violation("file-name", f.proto.name, `must be lower_snake_case and start with "${prefix}"`));
    }
  }
  return out;
}

/** Every bound message carries the envelope at field 1; spine aggregators also have a oneof. */
export function checkAggregators(bindings: readonly BindingFacts[], messages: ReadonlyMap<string, DescMessage>): Violation[] {
  const out: Violation[] = [];
  for (const b of bindings) {
    const message = messages.get(b.messageTypeName);
    if (message === undefined) {
      out.push(violation("aggregator", b.messageTypeName, `bound to ${b.name} but not found`));
      continue;
    }
    const first = message.fields.find((f) => f.number === 1);
    if (first?.message?.typeName !== envelopeTypeName) {
      out.push(violation("envelope", message.typeName, `field 1 must be ${envelopeTypeName}`));
    }
    if (b.topicClass === "spine" && message.oneofs.length === 0) {
      out.push(violation("aggregator-oneof", message.typeName, `spine aggregator on ${b.name} needs a oneof of variants`));
    }
  }
  return out;
}

/** Topic versions equal the package major; each topic is bound once; queues carry intents. */
export function checkTopics(bindings: readonly BindingFacts[]): Violation[] {
  const out: Violation[] = [];
  const seen = new Set<string>();
  for (const b of bindings) {
    if (seen.has(b.name)) {
      out.push(violation("topic-unique", b.name, "is bound more than once"));
    }
    seen.add(b.name);
    const topicMajor = /\.v([1-9][0-9]*)$/.exec(b.name)?.[1];
    const packageMajor = /\.v([1-9][0-9]*)\.[A-Za-z0-9]+$/.exec(b.messageTypeName)?.[1];
    if (topicMajor === undefined || topicMajor !== packageMajor) {
      out.push(violation("topic-version", b.name, `version must equal the package major of ${b.messageTypeName}`));
    }
    if (b.topicClass === "queue" && (b.topicKind !== "intents" || !b.messageTypeName.endsWith("Requested"))) {
      out.push(violation("queue-intents", b.name, `queue topics carry intents named ...Requested, not ${b.messageTypeName}`));
    }
    if (b.topicClass === "queue" && !b.name.includes(".queue.")) {
      out.push(violation("queue-name", b.name, 'queue topic names contain ".queue."'));
    }
  }
  return out;
}

/** Every request of a *CommandService method carries an idempotency key field. */
export function checkCommandIdempotency(files: readonly DescFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    for (const service of f.services.filter((s) => s.name.endsWith("CommandService"))) {
      for (const method of service.methods) {
        if (!method.input.fields.some((field) => idempotencyFields.has(field.name))) {
          out.push(
            violation("command-idempotency", method.input.typeName, `request of ${service.name}.${method.name} needs idempotency_key or client_request_id`),
          );
        }
      }
    }
  }
  return out;
}

/** Indexes all messages of the files by full name. */
export function messagesByName(files: readonly DescFile[]): Map<string, DescMessage> {
  const map = new Map<string, DescMessage>();
  for (const f of files) {
    for (const desc of nestedTypes(f)) {
      if (desc.kind === "message") {
        map.set(desc.typeName, desc);
      }
    }
  }
  return map;
}

/** Formats violations one per line for an assertion message. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `[${v.rule}] ${v.element}: ${v.message}`).join("\n");
}

function violation(rule: string, element: string, message: string): Violation {
  return { rule, element, message };
}
