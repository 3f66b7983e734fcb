import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { createLogger } from "@ameide/service-kit";
import { tapTopic } from "@ameide/testkit";
import { createFileEvidenceStore, jobExitCodes, runExecutorJob, runIntent, runnerDeps, startExecutorPool } from "../src/index.js";
import { ActionKind, type ExecutorHarness, factCases, startExecutorHarness, terminalFact } from "./fixtures/executor-harness.js";
import { createRepo, createTargetRepo, type TargetRepo } from "./fixtures/target-repo.js";

const logger = createLogger({}, { level: "error" });
let h: ExecutorHarness;
let repo: TargetRepo;
let markers: string;

beforeAll(async () => {
  h = await startExecutorHarness("executor");
  markers = join(h.root, "markers");
  await mkdir(markers, { recursive: true });
  repo = createTargetRepo(h.root, markers);
});
afterAll(() => h.close());

const outcomeOf = (fact: Awaited<ReturnType<typeof terminalFact>>) =>
  fact.fact.case === "workCompleted" || fact.fact.case === "workFailed" ? fact.fact.value.outcome : undefined;

describe("verify tool runs in pool mode", () => {
  test("runs the declared suite: WorkStarted then WorkCompleted with outputs and stored evidence", async () => {
    const config = await h.executorConfig("toolrun.verify");
    const pool = await startExecutorPool(config, logger);
    try {
      const id = await h.requestWork({ actionKind: ActionKind.VERIFY, repoUrl: repo.url, commitSha: repo.commitSha, suite: "unit" });
      const fact = await terminalFact(h, id);
      expect(factCases(h, id)).toEqual(["workRequested", "workStarted", "workCompleted"]);
      const outcome = outcomeOf(fact);
      expect(outcome?.outputs).toMatchObject({ exit_code: "0", commit_sha: repo.commitSha });
      expect(outcome?.evidenceBundleId).toMatch(/^sha256:[0-9a-f]{64}$/);
      const stdoutRef = outcome?.artifactRefs.find((r) => r.uri.length > 0 && r.sha256 !== outcome.evidenceBundleId.slice(7) && r.mediaType === "text/plain");
      const store = createFileEvidenceStore(config.evidenceUrl);
      const manifest = JSON.parse(Buffer.from(await store.get(outcome?.evidenceBundleId.slice(7) ?? "")).toString()) as {
        entries: Array<{ name: string; sha256: string }>;
      };
      const stdout = manifest.entries.find((e) => e.name === "stdout.log");
      expect(Buffer.from(await store.get(stdout?.sha256 ?? "")).toString()).toBe("checked 1.0.0\n");
      expect(stdoutRef).toBeDefined();
    } finally {
      await pool.stop();
    }
  });

  test("a failing command is WorkFailed with its exit code and a log excerpt; a slow one times out", async () => {
    const pool = await startExecutorPool(await h.executorConfig("toolrun.verify"), logger);
    try {
      const broken = await h.requestWork({ actionKind: ActionKind.VERIFY, repoUrl: repo.url, commitSha: repo.commitSha, suite: "broken" });
      const slow = await h.requestWork({ actionKind: ActionKind.VERIFY, repoUrl: repo.url, commitSha: repo.commitSha, suite: "slow" });
      const failed = outcomeOf(await terminalFact(h, broken));
      expect(failed).toMatchObject({ exitCode: 3, failureReason: "exit_code" });
      expect(failed?.summary).toContain("boom");
      const timedOut = outcomeOf(await terminalFact(h, slow));
      expect(timedOut?.failureReason).toBe("timeout");
      expect(factCases(h, slow)).toEqual(["workRequested", "workStarted", "workFailed"]);
    } finally {
      await pool.stop();
    }
  });

  test("the pool runs at most `concurrency` intents at once", async () => {
    // Pod mode (the pod is the sandbox; commands run as plain children): the suite writes its
    // timeline to a file outside its checkout, which the bubblewrap sandbox would refuse.
    const pool = await startExecutorPool(await h.executorConfig("toolrun.verify", { EXECUTOR_CONCURRENCY: "2", EXECUTOR_SANDBOX: "pod" }), logger);
    try {
      const ids = await Promise.all(
        Array.from({ length: 5 }, () => h.requestWork({ actionKind: ActionKind.VERIFY, repoUrl: repo.url, commitSha: repo.commitSha, suite: "overlap" })),
      );
      for (const id of ids) await terminalFact(h, id);
      const events = (await readFile(join(markers, "overlap.log"), "utf8"))
        .trim()
        .split("\n")
        .map((l) => l.split(" "));
      let running = 0;
      let peak = 0;
      for (const [kind] of events.sort((a, b) => Number(BigInt(a[1] ?? "0") - BigInt(b[1] ?? "0")))) {
        running += kind === "start" ? 1 : -1;
        peak = Math.max(peak, running);
      }
      // Every intent ran (a rebalance may redeliver one: at-least-once), never more than two at once.
      for (const id of ids) expect(events.some(([kind, , wr]) => kind === "start" && wr === id)).toBe(true);
      expect(peak).toBeLessThanOrEqual(2);
    } finally {
      await pool.stop();
    }
  }, 60_000);
});

// Other spec files may put intents on the same queues meanwhile; a job that takes one of those
// skips it (unknown work) and exits 0, so these tests run jobs until their own work is done.
async function jobsUntilDone(config: Awaited<ReturnType<ExecutorHarness["executorConfig"]>>, ids: string[], afterEach?: () => Promise<void>) {
  for (let run = 0; run < 20; run++) {
    const statuses = await Promise.all(ids.map(status));
    if (statuses.every((s) => s === WorkStatus.SUCCEEDED || s === WorkStatus.FAILED)) return;
    expect(await runExecutorJob(config, logger, 15_000)).toBe(0);
    await afterEach?.();
  }
  throw new Error("jobs did not finish the work in 20 runs");
}

async function status(id: string) {
  return (await h.queries.getWorkRequest({ scope: { tenantId: h.tenantId, repositoryId: "service" }, workRequestId: id })).workRequest?.status;
}

describe("delivery discipline", () => {
  test("work started by an executor that died before committing ends with one terminal outcome", async () => {
    const config = await h.executorConfig("toolrun.generate");
    const queue = await tapTopic("transformation.work.queue.toolrun.generate.v1");
    const id = await h.requestWork({ actionKind: ActionKind.GENERATE, repoUrl: repo.url, commitSha: repo.commitSha, timeoutSeconds: 4 });
    const [delivered] = await queue.waitFor((r) => r.message.workRequest?.workRequestId === id);
    await queue.close();
    // The dead executor's last act: attempt 1 started (its lease: 4 s + 1 s), intent never committed.
    await h.executorCommands("toolrun.generate").recordWorkStarted({
      context: { scope: { tenantId: h.tenantId, repositoryId: "service" } },
      idempotencyKey: `${id}/start/1`,
      workRequestId: id,
      attempt: 1,
      executorId: "dead-executor",
    });
    await jobsUntilDone(config, [id]);
    const fact = await terminalFact(h, id);
    expect(fact.fact.case).toBe("workCompleted");
    expect(fact.fact.case === "workCompleted" && fact.fact.value.attempt).toBe(2);

    // The same intent delivered once more: the work is terminal, so nothing runs or is recorded.
    expect(await runIntent(delivered!.message, runnerDeps(config, logger))).toBe("skipped_terminal");
    await sleep(500);
    // Attempt 2 starts once attempt 1's lease ran out: after the Domain's sweep re-queued the work
    // (WorkAttemptExpired), or directly when a redelivery came after the lease's end.
    const cases = factCases(h, id);
    expect(cases.filter((c) => c !== "workAttemptExpired")).toEqual(["workRequested", "workStarted", "workStarted", "workCompleted"]);
    expect(cases.filter((c) => c === "workAttemptExpired").length).toBeLessThanOrEqual(1);
    expect(await status(id)).toBe(WorkStatus.SUCCEEDED);
  }, 90_000);

  test("job mode handles at most one intent per run, exits 0, and reports idle when there is none", async () => {
    const config = await h.executorConfig("toolrun.generate");
    const ids = [
      await h.requestWork({ actionKind: ActionKind.GENERATE, repoUrl: repo.url, commitSha: repo.commitSha }),
      await h.requestWork({ actionKind: ActionKind.GENERATE, repoUrl: repo.url, commitSha: repo.commitSha }),
    ];
    let done = 0;
    await jobsUntilDone(config, ids, async () => {
      const now = (await Promise.all(ids.map(status))).filter((s) => s === WorkStatus.SUCCEEDED).length;
      expect(now - done).toBeLessThanOrEqual(1);
      done = now;
    });
    expect(done).toBe(2);
    expect(await runExecutorJob(config, logger, 2000)).toBe(3);
  }, 90_000);
});

describe("publish and deploy", () => {
  test("publish reports the content digest of the built artifact", async () => {
    const config = await h.executorConfig("toolrun.publish");
    const id = await h.requestWork({ actionKind: ActionKind.PUBLISH, repoUrl: repo.url, commitSha: repo.commitSha });
    expect(await runExecutorJob(config, logger, 15_000)).toBe(0);
    const outcome = outcomeOf(await terminalFact(h, id));
    expect(outcome?.outputs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(outcome?.outputs["digest:dist/app.tar"]).toBe(outcome?.outputs.digest);
  });

  test("deploy commits the digest to the environment's file in the GitOps repository", async () => {
    const gitops = createRepo(h.root, "gitops", { "README.md": "environments\n" });
    const config = await h.executorConfig("toolrun.publish", { GITOPS_REPO_URL: gitops.url });
    const digest = `sha256:${"ab".repeat(32)}`;
    const id = await h.requestWork({
      actionKind: ActionKind.DEPLOY,
      repoUrl: repo.url,
      commitSha: repo.commitSha,
      parameters: { environment: "staging", digest },
    });
    expect(await runExecutorJob(config, logger, 15_000)).toBe(0);
    const outcome = outcomeOf(await terminalFact(h, id));
    expect(outcome?.outputs).toMatchObject({ environment: "staging", digest, promoted: "committed" });
    const { execFileSync } = await import("node:child_process");
    const file = execFileSync("git", ["show", `main:environments/staging.yaml`], { cwd: gitops.bareDir, encoding: "utf8" });
    expect(file).toContain(`digest: "${digest}"`);
    expect(execFileSync("git", ["rev-parse", "main"], { cwd: gitops.bareDir, encoding: "utf8" }).trim()).toBe(outcome?.outputs.commit_sha);
  });

  test("concurrent promotions to one GitOps repository all land: a rejected push is retried on the new head", async () => {
    const gitops = createRepo(h.root, "gitops-concurrent", { "README.md": "environments\n" });
    const config = await h.executorConfig("toolrun.publish", { GITOPS_REPO_URL: gitops.url });
    const environments = ["dev", "qa", "test", "perf", "staging", "canary", "production", "dr"];
    const ids = await Promise.all(
      environments.map((environment, i) =>
        h.requestWork({
          actionKind: ActionKind.DEPLOY,
          repoUrl: repo.url,
          commitSha: repo.commitSha,
          parameters: { environment, digest: `sha256:${String(i).repeat(64)}` },
        }),
      ),
    );
    // Eight jobs at once, as a ScaledJob starts them. A job that finds nothing left in a slow
    // rebalance exits idle (3), as the contract allows; none may fail, and any leftover is
    // taken by a later job, so every promotion lands.
    const codes = await Promise.all(environments.map(() => runExecutorJob(config, logger, 15_000)));
    expect(codes.every((c) => c === jobExitCodes.handled || c === jobExitCodes.idle)).toBe(true);
    expect(codes.filter((c) => c === jobExitCodes.handled).length).toBeGreaterThanOrEqual(2);
    await jobsUntilDone(config, ids);
    const outcomes = await Promise.all(ids.map(async (id) => outcomeOf(await terminalFact(h, id))));
    expect(outcomes.map((o) => o?.outputs.promoted)).toEqual(environments.map(() => "committed"));
    const { execFileSync } = await import("node:child_process");
    const files = execFileSync("git", ["ls-tree", "--name-only", "main", "environments/"], { cwd: gitops.bareDir, encoding: "utf8" }).trim().split("\n");
    expect(files.sort()).toEqual(environments.map((e) => `environments/${e}.yaml`).sort());
    // Each promotion landed exactly once: one commit per environment.
    const subjects = execFileSync("git", ["log", "--format=%s", "main"], { cwd: gitops.bareDir, encoding: "utf8" }).trim().split("\n");
    expect(subjects.filter((s) => s.startsWith("promote ")).sort()).toEqual(
      environments.map((e, i) => `promote ${e} to sha256:${String(i).repeat(64)}`).sort(),
    );
  }, 120_000);
});
