import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  AwaitingKind,
  GateDecision,
  type TransformationProcessFact,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { StartRunRequestSchema } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import { RunPhase, WorkFactSignalSchema } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { ActionKind, WorkKind, WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { isTerminalRunFact } from "@ameide/contracts";
import { bearerAuth } from "@ameide/auth";
import { testToken, uniqueName } from "@ameide/testkit";
import { historyToJSON } from "@temporalio/common/lib/proto-utils.js";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { KanbanQueryService, KanbanUpdatesService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { runStateQuery, workFactSignal } from "@ameide/transformation-process";
import { type PlatformHarness, startPlatform } from "./fixtures/platform-harness.js";

let p: PlatformHarness;
beforeAll(async () => {
  p = await startPlatform("run");
});
afterAll(() => p.close());

interface RunOptions {
  suite: string;
  maxVerifyRounds?: number;
  releaseApproval?: boolean;
  environments?: string[];
  rejectReturnsToTriage?: boolean;
  continueAsNewAfterEvents?: number;
}

async function startRun(options: RunOptions, key = uniqueName("run")) {
  const scope = { tenantId: p.tenantId, organizationId: "org", repositoryId: "service" };
  const response = await p.api.startRun(
    create(StartRunRequestSchema, {
      context: { scope, correlationId: key },
      idempotencyKey: key,
      input: {
        scope,
        initiativeId: "init-1",
        title: `Run ${key}`,
        request: "Add a change log entry",
        checkout: { repoUrl: p.repos.service.url, commitSha: p.repos.service.commitSha },
        policy: {
          maxVerifyRounds: options.maxVerifyRounds ?? 3,
          requireReleaseApproval: options.releaseApproval ?? false,
          environments: options.environments ?? [],
          rejectReturnsToTriage: options.rejectReturnsToTriage ?? false,
          verificationSuiteRef: options.suite,
          continueAsNewAfterEvents: options.continueAsNewAfterEvents ?? 0,
        },
      },
    }),
  );
  return { id: response.processInstanceId, key, scope, response };
}

const factsOf = (id: string) => p.progress.records.filter((r) => r.message.process?.processInstanceId === id).map((r) => r.message);
const phasesOf = (id: string) => factsOf(id).flatMap((f) => (f.fact.case === "phaseEntered" ? [f.fact.value.phaseKey] : []));
const waitFact = async (id: string, match: (f: TransformationProcessFact) => boolean, timeoutMs = 120_000) =>
  (await p.progress.waitFor((r) => r.message.process?.processInstanceId === id && match(r.message), 1, timeoutMs))[0]!.message;
const terminal = (id: string) => waitFact(id, (f) => isTerminalRunFact(f));
const awaiting = (id: string, ref: string) => waitFact(id, (f) => f.fact.case === "awaiting" && f.fact.value.ref === ref, 60_000);

/** With RECORD_HISTORIES=1, keeps the run's history as a replay fixture (see workflow-replay spec). */
async function recordHistory(id: string, name: string) {
  if (process.env.RECORD_HISTORIES !== "1") return;
  const history = await p.process.client.workflow.getHandle(id).fetchHistory();
  const dir = join(import.meta.dirname, "../../../services/transformation-process/test/fixtures/histories");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.json`), historyToJSON(history));
}

async function decide(run: Awaited<ReturnType<typeof startRun>>, gateRef: string, decision: GateDecision, key = uniqueName("decision")) {
  return p.api.decideGate({ context: { scope: run.scope }, idempotencyKey: key, processInstanceId: run.id, gateRef, decision });
}

describe.concurrent("a transformation run", () => {
  test("goes intake -> triage -> awaiting_approval -> execution -> release -> done, promoting each environment", async () => {
    const run = await startRun({ suite: "one-round", releaseApproval: true, environments: ["staging", "production"] });
    expect(run.response.deduplicated).toBe(false);
    const again = await startRun({ suite: "one-round", releaseApproval: true, environments: ["staging", "production"] }, run.key);
    expect(again.response).toMatchObject({ processInstanceId: run.id, deduplicated: true });
    const reused = await startRun({ suite: "one-round" }, run.key).catch((e: unknown) => ConnectError.from(e));
    expect(reused).toMatchObject({ code: Code.AlreadyExists, rawMessage: expect.stringContaining("with another input") as unknown });

    await awaiting(run.id, "approval-1");
    // GetRun answers from the run itself, typed: the phase, the open gate and the work so far.
    const atGate = (await p.runs.getRun({ scope: run.scope, processInstanceId: run.id })).run;
    expect(atGate).toMatchObject({ processInstanceId: run.id, phase: RunPhase.AWAITING_APPROVAL, ended: false });
    expect(atGate?.openGates.map((g) => [g.gateRef, g.kind])).toEqual([["approval-1", AwaitingKind.APPROVAL]]);
    expect(atGate?.workItems).toEqual([]);
    const first = await decide(run, "approval-1", GateDecision.APPROVED, `${run.key}/approve`);
    const retried = await decide(run, "approval-1", GateDecision.APPROVED, `${run.key}/approve`);
    expect(retried.recorded).toEqual(first.recorded);
    const otherDecision = await decide(run, "approval-1", GateDecision.REJECTED, `${run.key}/approve`).catch((e: unknown) => ConnectError.from(e));
    expect(otherDecision).toMatchObject({
      code: Code.AlreadyExists,
      rawMessage: expect.stringContaining("already recorded approved for gate approval-1") as unknown,
    });
    await awaiting(run.id, "release-1");
    const twice = await decide(run, "approval-1", GateDecision.REJECTED).catch((e: unknown) => ConnectError.from(e));
    expect(twice).toMatchObject({
      code: Code.FailedPrecondition,
      rawMessage: expect.stringContaining('gate "approval-1" is already decided: approved') as unknown,
    });
    await decide(run, "release-1", GateDecision.APPROVED);
    const done = await terminal(run.id);

    expect(done.fact.case).toBe("runCompleted");
    const completed = done.fact.case === "runCompleted" ? done.fact.value : undefined;
    expect(Object.keys(completed?.promotedDigests ?? {}).sort()).toEqual(["production", "staging"]);
    expect(completed?.promotedDigests.staging).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(phasesOf(run.id)).toEqual(["triage", "awaiting_approval", "execution", "release", "done"]);
    const ended = (await p.runs.getRun({ scope: run.scope, processInstanceId: run.id })).run;
    expect(ended).toMatchObject({ phase: RunPhase.DONE, ended: true, openGates: [] });
    expect(ended?.workItems.length).toBe(6);
    expect(ended?.workItems.every((w) => w.status === WorkStatus.SUCCEEDED && w.workRequestId !== "")).toBe(true);
    expect(ended?.decisions.map((d) => [d.gateRef, d.decision, d.decidedBy?.actorId])).toEqual([
      ["approval-1", GateDecision.APPROVED, "test-user"],
      ["release-1", GateDecision.APPROVED, "test-user"],
    ]);
    const facts = factsOf(run.id);
    expect(facts[0]?.fact.case).toBe("runStarted");
    expect(facts.filter((f) => f.fact.case === "gateDecisionRecorded")).toHaveLength(2);
    expect(facts.filter((f) => isTerminalRunFact(f))).toHaveLength(1);
    const toolRuns = facts.flatMap((f) => (f.fact.case === "toolRunRecorded" ? [f.fact.value] : []));
    expect(toolRuns.map((t) => t.evidenceBundleId).every((id) => id.startsWith("sha256:"))).toBe(true);
    expect(toolRuns).toHaveLength(6); // generate, code, verify, publish, 2 promotions
    // Ordering is by (run_epoch, seq), dense and increasing; message ids are deterministic.
    expect(facts.map((f) => Number(f.process?.seq))).toEqual(facts.map((_, i) => i + 1));
    expect(facts.every((f) => f.meta?.messageId === `${run.id}/${f.process?.runEpoch}/${f.process?.seq}`)).toBe(true);
    await recordHistory(run.id, "full-run-to-done");
  });

  test("a rejected approval fails the run", async () => {
    const run = await startRun({ suite: "one-round" });
    await awaiting(run.id, "approval-1");
    const rejection = uniqueName("decision");
    await decide(run, "approval-1", GateDecision.REJECTED, rejection);
    const end = await terminal(run.id);
    expect(end.fact.case).toBe("runFailed");
    expect(phasesOf(run.id)).toEqual(["triage", "awaiting_approval", "failed"]);
    // The run has ended: a retried decision answers as before; anything new is refused, not an internal error.
    await p.process.client.workflow.getHandle(run.id).result();
    const retried = await decide(run, "approval-1", GateDecision.REJECTED, rejection);
    expect(retried.recorded?.decision).toBe(GateDecision.REJECTED);
    const late = await decide(run, "approval-1", GateDecision.APPROVED).catch((e: unknown) => ConnectError.from(e));
    expect(late).toMatchObject({ code: Code.FailedPrecondition, rawMessage: expect.stringContaining(`run ${run.id} already ended: completed`) as unknown });
    const cancel = await p.api
      .cancelRun({ context: { scope: run.scope }, idempotencyKey: uniqueName("cancel"), processInstanceId: run.id })
      .catch((e: unknown) => ConnectError.from(e));
    expect(cancel).toMatchObject({ code: Code.FailedPrecondition, rawMessage: expect.stringContaining("already ended") as unknown });
    await recordHistory(run.id, "approval-rejected");
  });

  test("a failing verification is iterated: the next coding round makes it pass", async () => {
    const run = await startRun({ suite: "two-rounds" });
    await awaiting(run.id, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    const end = await terminal(run.id);
    expect(end.fact.case).toBe("runCompleted");
    const verifies = factsOf(run.id).flatMap((f) =>
      f.fact.case === "toolRunRecorded" && f.fact.value.actionKind === ActionKind.VERIFY ? [[f.fact.value.round, f.fact.value.status]] : [],
    );
    expect(verifies).toEqual([
      [1, 4],
      [2, 3],
    ]); // round 1 FAILED, round 2 SUCCEEDED
    await recordHistory(run.id, "verify-iterates");
  });

  test("a verification that keeps failing fails the run after the bound", async () => {
    const run = await startRun({ suite: "never", maxVerifyRounds: 2 });
    await awaiting(run.id, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    const end = await terminal(run.id);
    expect(end.fact.case).toBe("runFailed");
    expect(end.fact.case === "runFailed" && end.fact.value.reason).toContain("after 2 round(s)");
  });

  test("CancelRun mid-execution ends with RunCancelled and cancels the outstanding work", async () => {
    const run = await startRun({ suite: "hang" });
    await awaiting(run.id, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    const code = await waitFact(run.id, (f) => f.fact.case === "toolRunRecorded" && f.fact.value.workKind === WorkKind.AGENT_WORK);
    // The same work fact delivered twice more: the run advances once.
    const codeFact = p.work.records.find(
      (r) => code.fact.case === "toolRunRecorded" && r.message.aggregate?.id === code.fact.value.workRequestId && r.message.fact.case === "workCompleted",
    );
    const handle = p.process.client.workflow.getHandle(run.id);
    await handle.signal(workFactSignal, create(WorkFactSignalSchema, { fact: codeFact?.message }));
    await handle.signal(workFactSignal, create(WorkFactSignalSchema, { fact: codeFact?.message }));
    await p.api.cancelRun({ context: { scope: run.scope }, idempotencyKey: uniqueName("cancel"), processInstanceId: run.id, reason: "superseded" });
    const end = await terminal(run.id);
    expect(end.fact.case).toBe("runCancelled");
    expect(factsOf(run.id).filter((f) => f.fact.case === "toolRunRecorded" && f.fact.value.workKind === WorkKind.AGENT_WORK)).toHaveLength(1);
    const state = await handle.query(runStateQuery);
    const verifyId = state.workByStep["verify/1"] ?? "";
    await p.work.waitFor((r) => r.message.aggregate?.id === verifyId && r.message.fact.case === "workCanceled");
    await recordHistory(run.id, "cancelled-mid-execution");
  });

  test("a long run continues as new: state, dedupe memory and ordering survive", async () => {
    const run = await startRun({ suite: "one-round", environments: ["staging"], continueAsNewAfterEvents: 30 });
    await awaiting(run.id, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    const end = await terminal(run.id);
    expect(end.fact.case).toBe("runCompleted");
    const facts = factsOf(run.id);
    const epochs = facts.map((f) => Number(f.process?.runEpoch));
    expect(Math.max(...epochs)).toBeGreaterThan(0);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(facts.map((f) => Number(f.process?.seq))).toEqual(facts.map((_, i) => i + 1));
    expect(new Set(facts.map((f) => f.process?.processRunId)).size).toBeGreaterThan(1);
    expect(end.fact.case === "runCompleted" && end.fact.value.promotedDigests.staging).toMatch(/^sha256:/);
  });
});

describe("coding-agent work without credentials", () => {
  test("fails the run with the executor's clear error in the evidence", async () => {
    await p.restartCoder(false);
    try {
      const run = await startRun({ suite: "one-round" });
      await awaiting(run.id, "approval-1");
      await decide(run, "approval-1", GateDecision.APPROVED);
      const end = await terminal(run.id);
      expect(end.fact.case).toBe("runFailed");
      const reason = end.fact.case === "runFailed" ? end.fact.value.reason : "";
      expect(reason).toContain("auth.json is missing");
      const code = factsOf(run.id).find((f) => f.fact.case === "toolRunRecorded" && f.fact.value.workKind === WorkKind.AGENT_WORK);
      expect(code?.fact.case === "toolRunRecorded" && code.fact.value.outputs.failure_reason).toBe("missing_credentials");
      expect(code?.fact.case === "toolRunRecorded" && code.fact.value.evidenceBundleId).toMatch(/^sha256:/);
      await recordHistory(run.id, "coder-missing-credentials");
    } finally {
      await p.restartCoder(true);
    }
  });
});

describe("the board (projection)", () => {
  const boardScope = () => ({ tenantId: p.tenantId, organizationId: "org", repositoryId: "service", initiativeId: "init-1" });
  const query = () => createClient(KanbanQueryService, p.userTransport(p.projection.url));
  const cardsOf = async (baseUrl: string) => {
    const board = await createClient(KanbanQueryService, p.userTransport(baseUrl)).getKanbanBoard({
      scope: boardScope(),
      includeArchived: true,
      pageSize: 1000,
    });
    return board.columns.flatMap((c) => c.cards.map((card) => ({ ...card, seq: 0n, updatedBoardSeq: 0n })));
  };

  test("a run's card moves through the columns; its timeline cites phases, the gate, work with evidence and digests", async () => {
    const updates = createClient(
      KanbanUpdatesService,
      createConnectTransport({ baseUrl: p.projection.url, httpVersion: "2", interceptors: [bearerAuth(testToken({ tenant: p.tenantId, roles: ["viewer"] }))] }),
    );
    const start = (await query().getKanbanBoard({ scope: boardScope() })).readContext?.boardSeq ?? 0n;
    const columns: string[] = [];
    const abort = new AbortController();
    let cardId = "";
    const following = (async () => {
      let cursor = start;
      for await (const update of updates.watchKanbanUpdates({ scope: boardScope(), sinceBoardSeq: start }, { signal: abort.signal })) {
        const deltas = await query().getKanbanDeltas({ scope: boardScope(), sinceBoardSeq: cursor });
        cursor = deltas.boardSeq > update.boardSeq ? deltas.boardSeq : update.boardSeq;
        const mine = deltas.upsertedCards.find((c) => c.cardId === cardId);
        if (mine !== undefined && columns.at(-1) !== mine.columnKey) columns.push(mine.columnKey);
        if (deltas.archivedCardIds.includes(cardId)) columns.push("archived");
      }
    })().catch(() => undefined);
    const run = await startRun({ suite: "one-round", releaseApproval: true, environments: ["staging"] });
    cardId = run.id;
    await awaiting(run.id, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    await awaiting(run.id, "release-1");
    await decide(run, "release-1", GateDecision.APPROVED);
    await terminal(run.id);
    await expect.poll(() => columns.at(-1), { timeout: 30_000 }).toBe("archived");
    abort.abort();
    await following;
    const order = ["intake", "triage", "awaiting_approval", "execution", "release", "done", "archived"];
    // Every observed column, in board order (a watcher may coalesce quick successive moves).
    expect(columns.map((c) => order.indexOf(c))).toEqual([...columns.map((c) => order.indexOf(c))].sort((a, b) => a - b));
    expect(columns).toContain("awaiting_approval");
    expect(columns).toContain("execution");

    // The three topics are consumed independently: wait until the work facts are folded in too.
    const timeline = () => query().getRunTimeline({ scope: boardScope(), cardId: run.id });
    await expect.poll(async () => (await timeline()).entries.filter((e) => e.factType === "WorkCompleted").length, { timeout: 60_000 }).toBe(5);
    const { entries, card } = await timeline();
    expect(card).toMatchObject({ columnKey: "done", terminal: true, archived: true });
    expect(card?.promotedDigests.staging).toMatch(/^sha256:/);
    expect(card?.artifacts.map((a) => a.status)).toEqual(["DRAFT"]);
    expect(entries.filter((e) => e.factType === "PhaseEntered").map((e) => e.phaseKey)).toEqual([
      "triage",
      "awaiting_approval",
      "execution",
      "release",
      "done",
    ]);
    expect(entries.filter((e) => e.factType === "GateDecisionRecorded")).toHaveLength(2);
    const recorded = entries.filter((e) => e.factType === "ToolRunRecorded");
    expect(recorded).toHaveLength(5);
    expect(recorded.every((e) => e.evidenceRefs.some((r) => r.startsWith("sha256:")))).toBe(true);
    expect(entries.filter((e) => e.factType === "WorkCompleted")).toHaveLength(5);
    expect(entries.at(-1)?.summary).toContain(`staging=${card?.promotedDigests.staging}`);
    expect(entries.every((e) => e.messageId !== "")).toBe(true);
  });

  test("a projection rebuilt from the retained topics into a fresh database gives the same board", async () => {
    const original = await cardsOf(p.projection.url);
    expect(original.length).toBeGreaterThanOrEqual(8);
    const rebuilt = await p.rebuildProjection();
    try {
      await expect.poll(() => cardsOf(rebuilt.projection.url), { timeout: 120_000, interval: 1000 }).toEqual(original);
    } finally {
      await rebuilt.close();
    }
  });
});

describe("the Process write surface", () => {
  test("bad input: unknown process definition and missing scope are InvalidArgument; another tenant's scope is PermissionDenied, an unknown run NotFound", async () => {
    const bad = await p.api
      .startRun({
        context: { scope: { tenantId: p.tenantId, repositoryId: "service" } },
        idempotencyKey: "k",
        input: {
          scope: { tenantId: p.tenantId, repositoryId: "service" },
          initiativeId: "i",
          checkout: { repoUrl: "file:///x" },
          policy: { maxVerifyRounds: 1 },
          processDefinitionId: "nope.v1",
        },
      })
      .catch((e: unknown) => ConnectError.from(e));
    expect((bad as ConnectError).code).toBe(Code.InvalidArgument);
    expect((bad as ConnectError).message).toContain("process_definition_id");
    const noScope = await p.api.startRun({ idempotencyKey: "k" }).catch((e: unknown) => ConnectError.from(e));
    expect((noScope as ConnectError).code).toBe(Code.InvalidArgument);
    const foreign = await p.api
      .cancelRun({ context: { scope: { tenantId: "someone-else", repositoryId: "service" } }, idempotencyKey: "c", processInstanceId: "r2r-does-not-exist" })
      .catch((e: unknown) => ConnectError.from(e));
    expect((foreign as ConnectError).code).toBe(Code.PermissionDenied);
    const unknown = await p.api
      .cancelRun({ context: { scope: { tenantId: p.tenantId, repositoryId: "service" } }, idempotencyKey: "c", processInstanceId: "r2r-does-not-exist" })
      .catch((e: unknown) => ConnectError.from(e));
    expect((unknown as ConnectError).code).toBe(Code.NotFound);
  });
});
