import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { historyFromJSON } from "@temporalio/common/lib/proto-utils.js";
import { Worker } from "@temporalio/worker";
import { describe, expect, test } from "vitest";
import { payloadConverterPath } from "@ameide/temporal-protobuf";
import "@ameide/testkit";

const dir = join(import.meta.dirname, "fixtures/histories");
const workflowsPath = fileURLToPath(new URL("../src/workflows/index.ts", import.meta.url));

// Histories recorded from real sample runs (RECORD_HISTORIES=1 on the e2e spec). Replaying them
// against today's workflow code fails on any non-deterministic change.
describe("recorded run histories replay against the current workflow", async () => {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort();
  test("fixtures exist", () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });
  test.each(files)(
    "%s",
    async (file) => {
      const history = historyFromJSON(JSON.parse(await readFile(join(dir, file), "utf8")));
      await Worker.runReplayHistory({ workflowsPath, dataConverter: { payloadConverterPath } }, history, file.replace(/\.json$/, ""));
    },
    60_000,
  );
});
