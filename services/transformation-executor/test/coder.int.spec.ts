import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLogger } from "@ameide/service-kit";
import { tapTopic, type TopicTap } from "@ameide/testkit";
import { runExecutorJob, runIntent, runnerDeps } from "../src/index.js";
import { writeFakeCodex } from "./fixtures/fake-codex.js";
import { ActionKind, type ExecutorHarness, factCases, startExecutorHarness, terminalFact, WorkKind } from "./fixtures/executor-harness.js";
import { createTargetRepo, type TargetRepo } from "./fixtures/target-repo.js";

const logger = createLogger({}, { level: "error" });
const secret = `codex-secret-${randomBytes(12).toString("hex")}`;
let h: ExecutorHarness;
let repo: TargetRepo;
let codexBin: string;
let coderQueue: TopicTap<"transformation.work.queue.agentwork.coder.v1">;

beforeAll(async () => {
  h = await startExecutorHarness("coder");
  await mkdir(join(h.root, "bin"), { recursive: true });
  codexBin = writeFakeCodex(join(h.root, "bin"));
  repo = createTargetRepo(h.root, h.root);
  coderQueue = await tapTopic("transformation.work.queue.agentwork.coder.v1");
});
afterAll(async () => {
  await coderQueue.close();
  await h.close();
});

/** A coder class config on a fresh group: create it before requesting the work it should see. */
const coderConfig = (codexHome: string) => h.executorConfig("agentwork.coder", { CODEX_BIN: codexBin, CODEX_HOME: codexHome });

async function coderJobUntilDone(config: Awaited<ReturnType<typeof coderConfig>>, id: string) {
  for (let run = 0; run < 10 && !factCases(h, id).some((c) => c === "workCompleted" || c === "workFailed"); run++) {
    expect(await runExecutorJob(config, logger, 15_000)).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
  }
  return terminalFact(h, id);
}

describe("coding-agent work", () => {
  test("without auth.json it fails fast with a clear error, records WorkFailed, and runs nothing", async () => {
    const codexHome = join(h.root, "empty-codex-home");
    await mkdir(codexHome, { recursive: true });
    const config = await coderConfig(codexHome);
    const id = await h.requestWork({
      workKind: WorkKind.AGENT_WORK,
      actionKind: ActionKind.PUBLISH,
      repoUrl: repo.url,
      commitSha: repo.commitSha,
      instructions: "add a changelog",
    });
    const [intent] = await coderQueue.waitFor((r) => r.message.workRequest?.workRequestId === id);
    const started = performance.now();
    expect(await runIntent(intent!.message, runnerDeps(config, logger))).toBe("failed");
    const elapsedMs = performance.now() - started;
    const fact = await terminalFact(h, id);
    expect(fact.fact.case).toBe("workFailed");
    const outcome = fact.fact.case === "workFailed" ? fact.fact.value.outcome : undefined;
    expect(outcome?.failureReason).toBe("missing_credentials");
    expect(outcome?.summary).toContain(`${codexHome}/auth.json is missing`);
    expect(outcome?.summary).toContain("Secret/codex-auth");
    expect(factCases(h, id)).toEqual(["workRequested", "workFailed"]);
    expect(execFileSync("git", ["branch", "--list", "ameide/*"], { cwd: repo.bareDir, encoding: "utf8" }).trim()).toBe("");
    expect(elapsedMs).toBeLessThan(1000);
  });

  test("with credentials it runs the agent on a branch and reports commit, branch and patch", async () => {
    const codexHome = join(h.root, "codex-home");
    await mkdir(codexHome, { recursive: true });
    await writeFile(join(codexHome, "auth.json"), JSON.stringify({ OPENAI_API_KEY: secret }));
    const config = await coderConfig(codexHome);
    const id = await h.requestWork({
      workKind: WorkKind.AGENT_WORK,
      actionKind: ActionKind.PUBLISH,
      repoUrl: repo.url,
      commitSha: repo.commitSha,
      instructions: "Document the release process",
    });
    const fact = await coderJobUntilDone(config, id);
    expect(fact.fact.case === "workFailed" ? fact.fact.value.outcome?.summary : fact.fact.case).toBe("workCompleted");
    const outcome = fact.fact.case === "workCompleted" ? fact.fact.value.outcome : undefined;
    const branch = outcome?.outputs.branch ?? "";
    expect(branch).toBe(`ameide/work-${id}-a1`);
    const pushed = execFileSync("git", ["show", `${branch}:CHANGES.md`], { cwd: repo.bareDir, encoding: "utf8" });
    expect(pushed).toContain("Document the release process");
    expect(execFileSync("git", ["rev-parse", branch], { cwd: repo.bareDir, encoding: "utf8" }).trim()).toBe(outcome?.outputs.commit_sha);
    expect(outcome?.outputs.base_sha).toBe(repo.commitSha);
    expect(execFileSync("git", ["show", `${branch}:codex-calls.log`], { cwd: repo.bareDir, encoding: "utf8" })).toContain("exec --full-auto");
  });

  test("the bytes of auth.json appear in no Kafka message and no stored evidence", async () => {
    const ours = h.facts.records.filter((r) => r.message.meta?.scope?.tenantId === h.tenantId);
    const intents = coderQueue.records.filter((r) => r.message.meta?.scope?.tenantId === h.tenantId);
    expect(ours.length).toBeGreaterThan(0);
    expect(intents.length).toBeGreaterThan(0);
    for (const record of [...ours, ...intents]) expect(record.value.includes(secret)).toBe(false);
    const evidenceRoot = join(h.root, "evidence");
    const blobs = await listFiles(evidenceRoot);
    expect(blobs.length).toBeGreaterThan(0);
    for (const blob of blobs) expect((await readFile(blob)).includes(secret)).toBe(false);
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
}
