import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from "@temporalio/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GateDecision } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { CancelRunSignalSchema, DecideGateUpdateSchema } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { cancelRunSignal, decideGateUpdate, runStateQuery } from "../src/index.js";
import { ActorKind } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import { describeFacts, type RunUnderTest, starter, startWorkflowHarness, type WorkflowHarness } from "./fixtures/workflow-harness.js";

let harness: WorkflowHarness;
beforeAll(async () => {
  harness = await startWorkflowHarness();
});
afterAll(() => harness.close());

const awaiting = (run: RunUnderTest, ref: string) => run.waitFor((f) => f.fact.case === "awaiting" && f.fact.value.ref === ref);
const decide = (run: RunUnderTest, gateRef: string, decision: GateDecision, comment = "", decisionId: string = randomUUID()) =>
  run.handle.executeUpdate(decideGateUpdate, { args: [create(DecideGateUpdateSchema, { gateRef, decision, comment, decisionId })], updateId: decisionId });
const phases = (run: RunUnderTest) =>
  describeFacts(run.facts)
    .filter((l) => l.startsWith("phase:"))
    .map((l) => l.slice(6));
const steps = (run: RunUnderTest) => run.requested.map((r) => r.clientRequestId.split("/").slice(1).join("/"));
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  return (error as WorkflowUpdateFailedError).cause?.message ?? "";
};

describe.concurrent("the run workflow (mocked activities)", () => {
  test("goes to done through both gates, promoting every environment with the published digest", async () => {
    const run = await harness.start({ requireReleaseApproval: true, environments: ["staging", "production"] }, (step) =>
      step === "publish" ? { status: "completed", outputs: { digest: "sha256:abc" } } : { status: "completed" },
    );
    await awaiting(run, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    await awaiting(run, "release-1");
    await decide(run, "release-1", GateDecision.APPROVED);
    const result = await run.result();
    expect(result).toMatchObject({ outcome: "completed", promotedDigests: { staging: "sha256:abc", production: "sha256:abc" } });
    expect(phases(run)).toEqual(["triage", "awaiting_approval", "execution", "release", "done"]);
    expect(steps(run)).toEqual(["generate", "code/1", "verify/1", "publish", "promote/staging", "promote/production"]);
    expect(run.facts.map((f) => Number(f.process?.seq))).toEqual(run.facts.map((_, i) => i + 1));
  });

  test("a rejected approval with reject_returns_to_triage drafts again and asks approval-2", async () => {
    const run = await harness.start({ rejectReturnsToTriage: true });
    await awaiting(run, "approval-1");
    await decide(run, "approval-1", GateDecision.REJECTED, "too broad");
    await awaiting(run, "approval-2");
    await decide(run, "approval-2", GateDecision.APPROVED);
    expect((await run.result()).outcome).toBe("completed");
    expect(phases(run)).toEqual(["triage", "awaiting_approval", "triage", "awaiting_approval", "execution", "release", "done"]);
  });

  test("a rejected approval otherwise fails the run with the comment", async () => {
    const run = await harness.start({});
    await awaiting(run, "approval-1");
    await decide(run, "approval-1", GateDecision.REJECTED, "not now");
    expect(await run.result()).toMatchObject({ outcome: "failed", reason: "approval rejected: not now" });
    expect(steps(run)).toEqual([]);
  });

  test("a failing verification is sent back to the coding agent with the failure, up to max_verify_rounds", async () => {
    const run = await harness.start({ maxVerifyRounds: 2 }, (step) =>
      step.startsWith("verify/") ? { status: "failed", summary: "CHANGES.md is empty" } : { status: "completed" },
    );
    await awaiting(run, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    expect(await run.result()).toMatchObject({ outcome: "failed", reason: "verification still failing after 2 round(s): CHANGES.md is empty" });
    expect(steps(run)).toEqual(["generate", "code/1", "verify/1", "code/2", "verify/2"]);
    expect(run.requested[3]?.inputs?.instructions).toContain("The previous verification failed:\nCHANGES.md is empty");
  });

  test("a verification that passes on the second round continues to release", async () => {
    const run = await harness.start({ maxVerifyRounds: 3 }, (step) =>
      step === "verify/1" ? { status: "failed", summary: "not yet" } : { status: "completed" },
    );
    await awaiting(run, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    expect((await run.result()).outcome).toBe("completed");
    expect(steps(run)).toEqual(["generate", "code/1", "verify/1", "code/2", "verify/2", "publish"]);
  });

  test("a coding failure ends the run naming the step and the executor's summary", async () => {
    const run = await harness.start({}, (step) =>
      step === "code/1" ? { status: "failed", summary: "Codex credentials unavailable" } : { status: "completed" },
    );
    await awaiting(run, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    const result = await run.result();
    expect(result).toMatchObject({ outcome: "failed", reason: "code/1 failed: Codex credentials unavailable" });
    const failed = run.facts.find((f) => f.fact.case === "runFailed");
    expect(failed?.fact.case === "runFailed" ? failed.fact.value.failedWorkRequestId : "").toBe("wr-code/1");
  });

  test("a failed promotion ends the run after the environments already promoted", async () => {
    const run = await harness.start({ environments: ["staging", "production"] }, (step) =>
      step === "promote/production" ? { status: "failed", summary: "push rejected" } : { status: "completed", outputs: { digest: "sha256:d" } },
    );
    await awaiting(run, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    expect(await run.result()).toMatchObject({ outcome: "failed", reason: "promote/production failed: push rejected" });
    expect((await run.handle.query(runStateQuery)).promotedDigests).toEqual({ staging: "sha256:d" });
  });

  test.each([
    ["at the approval gate", "awaiting:approval-1", []],
    ["while work is outstanding", "work:generate", ["wr-code/1"]],
    ["at the release gate", "awaiting:release-1", []],
  ] as const)("a cancel %s ends with RunCancelled and cancels outstanding work", async (_, after, cancelled) => {
    const run = await harness.start({ requireReleaseApproval: true }, (step) =>
      step === "code/1" && after === "work:generate" ? "hold" : { status: "completed" },
    );
    await awaiting(run, "approval-1");
    if (after !== "awaiting:approval-1") await decide(run, "approval-1", GateDecision.APPROVED);
    await run.waitFor((f) => describeFacts([f])[0] === after);
    if (after === "work:generate") await run.waitFor(() => run.requested.length === 2);
    await run.handle.signal(cancelRunSignal, create(CancelRunSignalSchema, { reason: "no longer needed" }));
    expect(await run.result()).toMatchObject({ outcome: "cancelled", reason: "no longer needed" });
    expect(run.cancelledWork).toEqual(cancelled);
    expect(run.facts.at(-1)?.fact.case).toBe("runCancelled");
  });

  test("each fact and command names its cause: the start, then the decision, work fact or cancel it follows", async () => {
    const run = await harness.start({ requireReleaseApproval: true });
    const ann = { actorId: "ann@example.com", kind: ActorKind.HUMAN };
    const bob = { actorId: "bob@example.com", kind: ActorKind.HUMAN };
    await awaiting(run, "approval-1");
    const update = create(DecideGateUpdateSchema, { gateRef: "approval-1", decision: GateDecision.APPROVED, decidedBy: ann, decisionId: "decision-1" });
    await run.handle.executeUpdate(decideGateUpdate, { args: [update], updateId: update.decisionId });
    await awaiting(run, "release-1");
    await run.handle.signal(cancelRunSignal, create(CancelRunSignalSchema, { reason: "stop", cancelledBy: bob, idempotencyKey: "cancel-1" }));
    // A second cancel that reaches the run before it ends changes neither reason nor author; one
    // that comes after is refused by Temporal (the run is closed).
    await run.handle
      .signal(cancelRunSignal, create(CancelRunSignalSchema, { reason: "again", cancelledBy: ann, idempotencyKey: "cancel-2" }))
      .catch((error: unknown) => expect(error).toBeInstanceOf(WorkflowNotFoundError));
    expect(await run.result()).toMatchObject({ outcome: "cancelled", reason: "stop" });

    const cause = (label: string) => {
      const index = describeFacts(run.facts).indexOf(label);
      expect(index, label).toBeGreaterThanOrEqual(0);
      const meta = run.facts[index]?.meta;
      return [meta?.causationId, meta?.actor?.actorId];
    };
    const id = run.handle.workflowId;
    expect(cause("runStarted")).toEqual([id, starter.actorId]);
    expect(cause("awaiting:approval-1")).toEqual([id, starter.actorId]);
    expect(cause("decided:approval-1")).toEqual([`${id}/decision/approval-1`, ann.actorId]);
    expect(cause("phase:execution")).toEqual([`${id}/decision/approval-1`, ann.actorId]);
    expect(run.requested[0]?.context?.causationId).toBe(`${id}/decision/approval-1`);
    // Each recorded tool run follows its work fact; the next request names that fact too.
    const [generated, coded] = run.facts.filter((f) => f.fact.case === "toolRunRecorded");
    expect(generated?.meta?.causationId).toMatch(/^wr-generate\//);
    expect(generated?.meta?.actor?.actorId).toBe(starter.actorId);
    expect(coded?.meta?.causationId).toMatch(/^wr-code\/1\//);
    expect(run.requested[1]?.context?.causationId).toBe(generated?.meta?.causationId);
    // The release gate opens once verification passed.
    expect(cause("awaiting:release-1")[0]).toMatch(/^wr-verify\/1\//);
    // The first cancel is the one that counts.
    expect(cause("runCancelled")).toEqual([`${id}/cancel`, bob.actorId]);
  });

  test("continues as new during a long run: state, ordering and dedupe memory survive", async () => {
    const run = await harness.start({ continueAsNewAfterEvents: 30, environments: ["staging", "production"], requireReleaseApproval: true });
    await awaiting(run, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    await awaiting(run, "release-1");
    // A duplicate of a fact the first execution already took must change nothing after the new start.
    await run.report("generate", { status: "failed", summary: "late duplicate" });
    await decide(run, "release-1", GateDecision.APPROVED);
    expect((await run.result()).outcome).toBe("completed");
    const epochs = new Set(run.facts.map((f) => f.process?.runEpoch));
    expect(epochs.size).toBeGreaterThan(1);
    expect(run.facts.map((f) => Number(f.process?.seq))).toEqual(run.facts.map((_, i) => i + 1));
    expect(describeFacts(run.facts).filter((l) => l === "work:generate")).toHaveLength(1);
  });

  test("duplicate and late work facts count once: the first terminal fact of a WorkRequest wins", async () => {
    const run = await harness.start({}, (step) => (step === "generate" ? "hold" : { status: "completed" }));
    await awaiting(run, "approval-1");
    await decide(run, "approval-1", GateDecision.APPROVED);
    await run.waitFor(() => run.requested.length === 1);
    await run.report("generate", { status: "completed" }, "generate-fact-1");
    await run.report("generate", { status: "completed" }, "generate-fact-1");
    await run.report("generate", { status: "failed", summary: "late contradiction" }, "generate-fact-2");
    expect((await run.result()).outcome).toBe("completed");
    expect(describeFacts(run.facts).filter((l) => l === "work:generate")).toHaveLength(1);
  });

  test("the decision validator refuses what cannot be decided, before it enters history", async () => {
    const run = await harness.start({});
    await awaiting(run, "approval-1");
    expect(await refusal(decide(run, "release-1", GateDecision.APPROVED))).toBe('unknown gate_ref "release-1"; the open gate is "approval-1"');
    expect(await refusal(decide(run, "approval-1", GateDecision.UNSPECIFIED))).toBe("decision must be APPROVED or REJECTED");
    expect(
      await refusal(
        run.handle.executeUpdate(decideGateUpdate, {
          args: [create(DecideGateUpdateSchema, { gateRef: "approval-1", decision: GateDecision.APPROVED, decisionId: "" })],
        }),
      ),
    ).toBe("decision_id (the idempotency key) is required");
    await decide(run, "approval-1", GateDecision.APPROVED);
    expect(await refusal(decide(run, "approval-1", GateDecision.REJECTED))).toBe('gate "approval-1" is already decided: approved');
    await run.waitFor((f) => f.fact.case === "toolRunRecorded");
    expect(await refusal(decide(run, "approval-2", GateDecision.APPROVED))).toBe('no gate is open on this run; nothing to decide for "approval-2"');
    expect((await run.result()).outcome).toBe("completed");
    expect(describeFacts(run.facts).filter((l) => l.startsWith("decided:"))).toEqual(["decided:approval-1"]);
  });

  test("a run started by a routed fact without input ends at once as ignored", async () => {
    const run = await harness.start({}, undefined, { withoutInput: true });
    expect(await run.result()).toMatchObject({ outcome: "ignored" });
    expect(run.facts).toEqual([]);
  });
});
