import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type DescMessage, type DescService, getOption } from "@bufbuild/protobuf";
import { MethodOptions_IdempotencyLevel } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { access } from "@ameide/proto/ameide_core_proto/platform/auth/v1/platform_auth_options_pb";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";

const services = [...typeRegistry].filter((t): t is DescService => t.kind === "service");
const methods = services.flatMap((service) => service.methods.map((method) => ({ name: `${service.typeName}/${method.name}`, method })));
const knownRoles = /^(viewer|operator|approver|admin|process|executor:\*)$/;

/** The message type at a dotted field path, or undefined when the path names no message field. */
function messageAt(schema: DescMessage, path: string): DescMessage | undefined {
  let desc: DescMessage | undefined = schema;
  for (const part of path.split(".")) desc = desc?.fields.find((f) => f.name === part)?.message;
  return desc;
}

describe("every RPC of the contracts declares who may call it", () => {
  it("finds the services", () => {
    expect(services.map((s) => s.name).sort()).toEqual([
      "KanbanQueryService",
      "KanbanUpdatesService",
      "TransformationKnowledgeCommandService",
      "TransformationKnowledgeQueryService",
      "TransformationProcessCommandService",
      "TransformationProcessQueryService",
      "TransformationRepositoryService",
      "TransformationWorkCommandService",
      "TransformationWorkQueryService",
    ]);
  });

  it.each(methods)("$name: known roles, a scope field with a tenant, an Actor field", ({ method }) => {
    const rule = getOption(method, access);
    expect(rule.roles.length).toBeGreaterThan(0);
    for (const role of rule.roles) expect(role).toMatch(knownRoles);
    expect(messageAt(method.input, rule.scopeField)?.fields.some((f) => f.name === "tenant_id")).toBe(true);
    if (rule.actorField !== "") expect(messageAt(method.input, rule.actorField)?.typeName).toBe("ameide_core_proto.transformation.common.v1.Actor");
    // Every write names its actor, so audit fields always come from the caller's token.
    if (method.idempotency !== MethodOptions_IdempotencyLevel.NO_SIDE_EFFECTS && method.methodKind === "unary") expect(rule.actorField).not.toBe("");
  });
});

describe("the README's role table", () => {
  it("says what the proto options say, for every RPC", async () => {
    const readme = await readFile(join(import.meta.dirname, "../../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Identity, tenancy and access"), readme.indexOf("**Issuers.**"));
    const documented = new Map<string, string[]>();
    for (const row of section.split("\n").filter((l) => l.startsWith("| `"))) {
      const [rpcs = "", roles = ""] = row.split("|").slice(1, 3);
      const names = [...rpcs.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");
      const service = names[0]?.split("/")[0] ?? "";
      const roleList = roles.split(",").map((r) => r.replace(/\(.*\)/, "").trim());
      for (const name of names) documented.set(name.includes("/") ? name : `${service}/${name}`, roleList);
    }
    const declared = new Map(methods.map(({ method }) => [`${method.parent.name}/${method.name}`, [...getOption(method, access).roles]]));
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(declared));
  });
});
