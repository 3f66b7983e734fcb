import { clone, create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import {
  ActionKind,
  ExecutionPolicySchema,
  type WorkRequest,
  WorkRequestSchema,
  WorkKind,
  WorkStatus,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import {
  CancelWorkRequestSchema,
  RecordWorkOutcomeRequestSchema,
  RecordWorkStartedRequestSchema,
  RequestWorkRequestSchema,
  WorkResult,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { CommandContextSchema } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import {
  WorkAttemptExpiredSchema,
  WorkCanceledSchema,
  WorkCompletedSchema,
  WorkFailedSchema,
  WorkRequestedSchema,
  WorkStartedSchema,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import { decideWork, evolveWork, type WorkCommand, type WorkFact } from "../src/work/work-decider.js";
import { deciderSpec } from "./fixtures/decider-spec.js";

const t0 = new Date("2026-01-01T00:00:00Z");
const at = (secondsAfterT0: number) => timestampFromDate(new Date(t0.getTime() + secondsAfterT0 * 1000));
// The caller is an executor of the class the work is queued for; a lease lasts 900 s (default timeout) + 60 s.
const ctx = { now: at(0), newWorkRequestId: "wr-1", executorClasses: ["toolrun.verify"], leaseGraceSeconds: 60 };
const leaseSeconds = 960;
const context = { scope: { tenantId: "t1", repositoryId: "r1" }, correlationId: "run-1" };

type RequestWorkInit = Exclude<MessageInitShape<typeof RequestWorkRequestSchema>, { $typeName: string }>;
const requestWork = (overrides: RequestWorkInit = {}) =>
  create(RequestWorkRequestSchema, {
    context,
    clientRequestId: "run-1/verify-1",
    requestedBy: { processInstanceId: "run-1", activityId: "verify-1" },
    workKind: WorkKind.TOOL_RUN,
    actionKind: ActionKind.VERIFY,
    inputs: { checkout: { repoUrl: "file:///repo", commitSha: "abc" }, verificationSuiteRef: "unit" },
    ...overrides,
  });
const started = (attempt = 1) =>
  create(RecordWorkStartedRequestSchema, { context, idempotencyKey: `s${attempt}`, workRequestId: "wr-1", attempt, executorId: "e1" });
const outcome = (result: WorkResult, evidence = "bundle-1", attempt = 1) =>
  create(RecordWorkOutcomeRequestSchema, {
    context,
    idempotencyKey: `o${result}`,
    workRequestId: "wr-1",
    attempt,
    result,
    outcome: { summary: "done", evidenceBundleId: evidence },
  });
const cancel = () => create(CancelWorkRequestSchema, { context, idempotencyKey: "c1", workRequestId: "wr-1", reason: "run cancelled" });

// The facts a history is made of, as the Domain stored them.
const workRequest = create(WorkRequestSchema, {
  workRequestId: "wr-1",
  scope: context.scope,
  requestedBy: { processInstanceId: "run-1", activityId: "verify-1" },
  requestedAt: ctx.now,
  workKind: WorkKind.TOOL_RUN,
  actionKind: ActionKind.VERIFY,
  clientRequestId: "run-1/verify-1",
  execution: { queueRef: "toolrun.verify" },
  inputs: { checkout: { repoUrl: "file:///repo", commitSha: "abc" }, verificationSuiteRef: "unit" },
  status: WorkStatus.REQUESTED,
  attempt: 1,
  version: 1n,
  correlationId: "run-1",
});
const header = { workRequestId: "wr-1", requestedBy: workRequest.requestedBy, workKind: WorkKind.TOOL_RUN, actionKind: ActionKind.VERIFY };
const workRequested = (): WorkFact => ({ case: "workRequested", value: create(WorkRequestedSchema, { workRequest }) });
const workStarted = (attempt = 1, startedAfterT0 = 0): WorkFact => ({
  case: "workStarted",
  value: create(WorkStartedSchema, { ...header, attempt, startedAt: at(startedAfterT0), executorId: "e1", leaseExpiresAt: at(startedAfterT0 + leaseSeconds) }),
});
const attemptExpired = (attempt: number): WorkFact => ({
  case: "workAttemptExpired",
  value: create(WorkAttemptExpiredSchema, { ...header, attempt, expiredAt: at(leaseSeconds), nextAttempt: attempt + 1 }),
});
const expireLease = (): WorkCommand => ({
  $typeName: "ameide.transformation.domain.ExpireWorkLease",
  context: create(CommandContextSchema, context),
  workRequestId: "wr-1",
});
const workCompleted = (attempt = 1): WorkFact => ({
  case: "workCompleted",
  value: create(WorkCompletedSchema, { ...header, attempt, finishedAt: ctx.now, outcome: { summary: "done", evidenceBundleId: "bundle-1" } }),
});
const workFailed = (attempt = 1): WorkFact => ({
  case: "workFailed",
  value: create(WorkFailedSchema, { ...header, attempt, finishedAt: ctx.now, outcome: { summary: "failed" } }),
});
const workCanceled = (): WorkFact => ({ case: "workCanceled", value: create(WorkCanceledSchema, { ...header, reason: "run cancelled", canceledAt: ctx.now }) });

/** given(facts).when(command).then(fact cases) / .thenThrows(reason, text) */
const given = deciderSpec<WorkCommand, WorkRequest, WorkFact>({ evolve: evolveWork, decide: (command, state) => decideWork(command, state, ctx) });
/** The same, `seconds` after t0 (leases of attempts started at t0 run out at 960 s), or as another caller. */
const givenAt = (seconds: number, executorClasses = ctx.executorClasses) =>
  deciderSpec<WorkCommand, WorkRequest, WorkFact>({
    evolve: evolveWork,
    decide: (command, state) => decideWork(command, state, { ...ctx, now: at(seconds), executorClasses }),
  });

describe("RequestWork", () => {
  test("creates a WorkRequest at version 1, bound to the queue of its class", () => {
    const [fact] = given().when(requestWork()).then(["workRequested"]);
    const wr = fact?.case === "workRequested" ? fact.value.workRequest : undefined;
    expect(wr).toMatchObject({ workRequestId: "wr-1", status: WorkStatus.REQUESTED, version: 1n, attempt: 1, correlationId: "run-1" });
    expect(wr?.execution?.queueRef).toBe("toolrun.verify");
  });
  test("agent work goes to the coder queue; publish to the publish queue", () => {
    const agent = given()
      .when(requestWork({ workKind: WorkKind.AGENT_WORK, actionKind: ActionKind.PUBLISH }))
      .then(["workRequested"]);
    expect(agent[0]?.case === "workRequested" && agent[0].value.workRequest?.execution?.queueRef).toBe("agentwork.coder");
    const publish = given()
      .when(requestWork({ actionKind: ActionKind.PUBLISH }))
      .then(["workRequested"]);
    expect(publish[0]?.case === "workRequested" && publish[0].value.workRequest?.execution?.queueRef).toBe("toolrun.publish");
  });
  test("the same key with the same payload returns the existing request and emits nothing", () => {
    given(workRequested()).when(requestWork()).then([]);
  });
  test("the same key with a different payload is rejected, naming the key", () => {
    given(workRequested())
      .when(requestWork({ actionKind: ActionKind.GENERATE }))
      .thenThrows("already_exists", 'client_request_id "run-1/verify-1"');
  });
  test("a queue_ref that is no execution queue is rejected", () => {
    given()
      .when(requestWork({ execution: { queueRef: "transformation.work.domain.facts.v1" } }))
      .thenThrows("invalid_argument", "execution.queue_ref");
  });
});

describe("RecordWorkStarted", () => {
  test("an unknown id is not found", () => {
    given().when(started()).thenThrows("not_found", 'work_request_id "wr-1" does not exist');
  });
  test("starts the attempt; a repeat changes nothing", () => {
    given(workRequested()).when(started()).then(["workStarted"]);
    given(workRequested(), workStarted()).when(started()).then([]);
  });
  test("a later attempt restarts once the earlier one's lease ran out; an earlier one is stale", () => {
    givenAt(leaseSeconds)(workRequested(), workStarted(1)).when(started(2)).then(["workStarted"]);
    given(workRequested(), workStarted(1), workStarted(2)).when(started(1)).thenThrows("failed_precondition", "attempt 1 of work wr-1 is stale");
  });
  test("attempts go one by one: no skipping ahead, and no second attempt before the first started", () => {
    given(workRequested()).when(started(2)).thenThrows("failed_precondition", "attempt 2 of work wr-1 is not the next attempt; the next is 1");
    given(workRequested(), workStarted(1))
      .when(started(99))
      .thenThrows("failed_precondition", "attempt 99 of work wr-1 is not the next attempt; the next is 2");
  });
  test("no attempt beyond max_attempts (the policy's, else 3)", () => {
    givenAt(3000)(workRequested(), workStarted(1), workStarted(2, 1000)).when(started(3)).then(["workStarted"]);
    givenAt(5000)(workRequested(), workStarted(1), workStarted(2, 1000), workStarted(3, 2000))
      .when(started(4))
      .thenThrows("failed_precondition", "attempt 4 of work wr-1 exceeds max_attempts 3");
  });
  test("while the started attempt holds its lease, no next attempt can take the work over", () => {
    givenAt(leaseSeconds - 1)(workRequested(), workStarted(1))
      .when(started(2))
      .thenThrows("failed_precondition", "attempt 1 of work wr-1 holds its lease until 2026-01-01T00:16:00.000Z");
  });
  test("the lease is the policy's timeout plus the grace", () => {
    const withTimeout = clone(WorkRequestSchema, workRequest);
    withTimeout.execution = create(ExecutionPolicySchema, { queueRef: "toolrun.verify", timeout: { seconds: 30n } });
    const [fact] = given({ case: "workRequested", value: create(WorkRequestedSchema, { workRequest: withTimeout }) })
      .when(started())
      .then(["workStarted"]);
    expect(fact?.case === "workStarted" && fact.value.leaseExpiresAt).toEqual(at(90));
  });
  test("only an executor of the class the work was queued for may start it", () => {
    givenAt(0, ["agentwork.coder"])(workRequested())
      .when(started())
      .thenThrows("permission_denied", "work wr-1 is queued for executor:toolrun.verify; this caller reports for executor:agentwork.coder");
  });
  test("a terminal request refuses a start", () => {
    given(workRequested(), workStarted(), workCompleted()).when(started(2)).thenThrows("failed_precondition", "already succeeded");
  });
});

describe("RecordWorkOutcome", () => {
  test("an outcome for an unknown id is not found", () => {
    given().when(outcome(WorkResult.FAILED)).thenThrows("not_found", "does not exist");
  });
  test("success completes the work; failure fails it", () => {
    given(workRequested(), workStarted()).when(outcome(WorkResult.SUCCEEDED)).then(["workCompleted"]);
    given(workRequested(), workStarted()).when(outcome(WorkResult.FAILED, "")).then(["workFailed"]);
  });
  test("a failure may be recorded before a start (fail-fast executors)", () => {
    given(workRequested()).when(outcome(WorkResult.FAILED, "")).then(["workFailed"]);
  });
  test("a success without evidence is rejected", () => {
    given(workRequested(), workStarted()).when(outcome(WorkResult.SUCCEEDED, "")).thenThrows("invalid_argument", "needs outcome.evidence_bundle_id");
  });
  test("a repeated outcome changes nothing", () => {
    given(workRequested(), workStarted(), workCompleted()).when(outcome(WorkResult.SUCCEEDED)).then([]);
  });
  test("an outcome contradicting the terminal state is a failed precondition", () => {
    given(workRequested(), workStarted(), workCompleted()).when(outcome(WorkResult.FAILED)).thenThrows("failed_precondition", "already succeeded");
  });
  test("success after cancel is a failed precondition", () => {
    given(workRequested(), workStarted(), workCanceled()).when(outcome(WorkResult.SUCCEEDED)).thenThrows("failed_precondition", "already canceled");
  });
  test("only an executor of the work's class may report its outcome", () => {
    givenAt(0, ["toolrun.publish"])(workRequested(), workStarted())
      .when(outcome(WorkResult.SUCCEEDED))
      .thenThrows("permission_denied", "queued for executor:toolrun.verify");
  });
  test("the outcome of an attempt whose lease expired (the work was retried) is refused without a change", () => {
    given(workRequested(), workStarted(1), attemptExpired(1))
      .when(outcome(WorkResult.SUCCEEDED, "b", 1))
      .thenThrows("failed_precondition", "outcome for attempt 1 of work wr-1, but the current attempt is 2");
  });
  test("an outcome for another attempt is refused", () => {
    given(workRequested(), workStarted(1))
      .when(outcome(WorkResult.SUCCEEDED, "b", 2))
      .thenThrows("failed_precondition", "current attempt is 1");
  });
});

describe("CancelWork", () => {
  test("cancels open work; a repeat changes nothing; finished work cannot be canceled", () => {
    given(workRequested()).when(cancel()).then(["workCanceled"]);
    given(workRequested(), workCanceled()).when(cancel()).then([]);
    given(workRequested(), workStarted(), workFailed()).when(cancel()).thenThrows("failed_precondition", "already failed");
  });
});

describe("lease expiry (the Domain's sweep)", () => {
  test("a live lease, or work not started, is left alone", () => {
    givenAt(leaseSeconds - 1)(workRequested(), workStarted(1))
      .when(expireLease())
      .then([]);
    givenAt(5000)(workRequested()).when(expireLease()).then([]);
    givenAt(5000)(workRequested(), workStarted(1), workCompleted(1)).when(expireLease()).then([]);
  });
  test("an expired attempt is abandoned and the work queued again as the next attempt", () => {
    const facts = givenAt(leaseSeconds)(workRequested(), workStarted(1)).when(expireLease()).then(["workAttemptExpired"]);
    expect(facts[0]?.case === "workAttemptExpired" && facts[0].value).toMatchObject({ attempt: 1, nextAttempt: 2 });
    const { state } = given(workRequested(), workStarted(1), attemptExpired(1));
    expect(state).toMatchObject({ status: WorkStatus.REQUESTED, attempt: 2, leaseExpiresAt: undefined });
    given(workRequested(), workStarted(1), attemptExpired(1)).when(started(2)).then(["workStarted"]);
  });
  test("with no attempt left, the work fails with lease_expired", () => {
    const facts = givenAt(10_000)(workRequested(), workStarted(1), attemptExpired(1), workStarted(2), attemptExpired(2), workStarted(3))
      .when(expireLease())
      .then(["workFailed"]);
    expect(facts[0]?.case === "workFailed" && facts[0].value.outcome).toMatchObject({ failureReason: "lease_expired" });
  });
});

describe("evolve", () => {
  test("the aggregate version increases by exactly one per fact", () => {
    const { state } = given(workRequested(), workStarted(1), attemptExpired(1), workStarted(2), workCompleted(2));
    expect(state?.version).toBe(5n);
    expect(state?.status).toBe(WorkStatus.SUCCEEDED);
    expect(state?.attempt).toBe(2);
  });
});
