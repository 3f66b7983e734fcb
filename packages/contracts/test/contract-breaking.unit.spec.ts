import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { DescField, DescFile } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { messagesByName } from "../src/index.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "../../..");
const buf = join(root, "node_modules/.bin/buf");
const contractFiles: DescFile[] = [...new Set([...typeRegistry].map((t) => t.file))];

// Fields of option messages are set by other files, so deleting one fails compilation, not buf breaking.
const optionFiles = new Set([
  "ameide_core_proto/platform/eventing/v1/platform_eventing_options.proto",
  "ameide_core_proto/platform/auth/v1/platform_auth_options.proto",
  "ameide_core_proto/platform/temporal/v1/platform_temporal_options.proto",
]);

/** The first field of each contract file declared on one line, so it can be edited by text. */
async function oneFieldPerFile(files: DescFile[]): Promise<Array<{ file: DescFile; field: DescField; line: string }>> {
  const picks = [];
  for (const file of files) {
    const text = await readFile(join(root, "proto", file.proto.name), "utf8");
    const fields = [...messagesByName([file]).values()].filter((m) => m.file === file).flatMap((m) => m.fields);
    for (const field of fields) {
      const line = text.split("\n").find((l) => new RegExp(`\\s${field.name} = ${field.number};$`).test(l));
      if (line !== undefined) {
        picks.push({ file, field, line });
        break;
      }
    }
  }
  return picks;
}

/** Copies the workspace, applies an edit to one line per file, runs buf breaking against the original. */
async function breakingAfter(
  files: DescFile[],
  edit: (line: string, field: DescField) => string,
): Promise<{ code: number; output: string; picks: Awaited<ReturnType<typeof oneFieldPerFile>> }> {
  const picks = await oneFieldPerFile(files);
  for (const { file, field, line } of picks) {
    const path = join(scratch, "changed/proto", file.proto.name);
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace(line, edit(line, field)));
  }
  try {
    await run(buf, ["breaking", "changed", "--against", "original", "--error-format", "text"], { cwd: scratch });
    return { code: 0, output: "", picks };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr, picks };
  }
}

let scratch = "";
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "ameide-breaking-"));
  for (const copy of ["original", "changed"]) {
    await cp(join(root, "buf.yaml"), join(scratch, copy, "buf.yaml"));
    await cp(join(root, "proto"), join(scratch, copy, "proto"), { recursive: true });
  }
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("buf breaking guards every v1 contract file", () => {
  test("an unchanged copy is compatible", async () => {
    const { stderr } = await run(buf, ["breaking", "original", "--against", "original"], { cwd: scratch });
    expect(stderr).toBe("");
  });

  test("deleting a field fails, naming the field", async () => {
    const files = contractFiles.filter((f) => !optionFiles.has(f.proto.name));
    const result = await breakingAfter(files, () => "");
    expect(result.code).not.toBe(0);
    expect(result.picks.length).toBe(files.length);
    for (const { field } of result.picks) {
      expect(result.output).toContain(`with name "${field.name}" on message "${field.parent.name}" was deleted`);
    }
  });

  test("renumbering a field fails, naming the field", async () => {
    await rm(join(scratch, "changed"), { recursive: true });
    await cp(join(scratch, "original"), join(scratch, "changed"), { recursive: true });
    const result = await breakingAfter(contractFiles, (line, field) => line.replace(`= ${field.number};`, `= ${field.number + 900};`));
    expect(result.code).not.toBe(0);
    expect(result.picks.length).toBe(contractFiles.length);
    for (const { field } of result.picks) {
      expect(result.output).toContain(`Previously present field "${field.number}" with name "${field.name}" on message "${field.parent.name}"`);
    }
  });

  test("renaming an RPC or moving a message to another package fails (the generated names are contract too)", async () => {
    await rm(join(scratch, "changed"), { recursive: true });
    await cp(join(scratch, "original"), join(scratch, "changed"), { recursive: true });
    const service = join(scratch, "changed/proto/ameide_core_proto/process/transformation/v1/process_transformation_service.proto");
    await writeFile(service, (await readFile(service, "utf8")).replace("rpc DecideGate(", "rpc DecideGateNow("));
    // Moving DecideGateUpdate to another package removes it from this one (its Temporal messageType changes).
    const workflow = join(scratch, "changed/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow.proto");
    const text = await readFile(workflow, "utf8");
    await writeFile(workflow, text.replace(/^message DecideGateUpdate \{[\s\S]*?^\}\n/m, ""));
    const result = await run(buf, ["breaking", "changed", "--against", "original", "--error-format", "text"], { cwd: scratch }).then(
      () => ({ code: 0, output: "" }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, output: e.stdout + e.stderr }),
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('Previously present RPC "DecideGate" on service "TransformationProcessCommandService" was deleted');
    expect(result.output).toContain('Previously present message "DecideGateUpdate" was deleted from file');
  });
});
