import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, test } from "vitest";
import {
  ActionKind,
  type WorkRequest,
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
import { DomainError, type DomainErrorReason } from "../src/domain-error.js";
import { decideWork, evolveWork, type WorkCommand, type WorkFact } from "../src/work/work-decider.js";

const ctx = { now: timestampFromDate(new Date("2026-01-01T00:00:00Z")), newWorkRequestId: "wr-1" };
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
const started = (attempt = 1) => create(RecordWorkStartedRequestSchema, { context, idempotencyKey: `s${attempt}`, workRequestId: "wr-1", attempt, executorId: "e1" });
const outcome = (result: WorkResult, evidence = "bundle-1", attempt = 1) =>
  create(RecordWorkOutcomeRequestSchema, { context, idempotencyKey: `o${result}`, workRequestId: "wr-1", attempt, result, outcome: { summary: "done", evidenceBundleId: evidence } });
const cancel = () => create(CancelWorkRequestSchema, { context, idempotencyKey: "c1", workRequestId: "wr-1", reason: "run cancelled" });

/** given(facts).when(command).then(fact cases) / .thenThrows(reason, text) */
function given(...commands: WorkCommand[]) {
  let state: WorkRequest | undefined;
  for (const command of commands) {
    for (const fact of decideWork(command, state, ctx)) state = evolveWork(state, fact);
  }
  return {
    state,
    when(command: WorkCommand) {
      const run = () => decideWork(command, state, ctx);
      return {
        then: (cases: Array<WorkFact["case"]>) => {
          const facts = run();
          expect(facts.map((f) => f.case)).toEqual(cases);
          return facts;
        },
        thenThrows: (reason: DomainErrorReason, text: string) => {
          expect(run).toThrow(DomainError);
          expect(run).toThrow(text);
          try {
            run();
          } catch (error) {
            expect((error as DomainError).reason).toBe(reason);
          }
        },
      };
    },
  };
}

describe("RequestWork", () => {
  test("creates a WorkRequest at version 1, bound to the queue of its class", () => {
    const [fact] = given().when(requestWork()).then(["workRequested"]);
    const wr = fact?.case === "workRequested" ? fact.value.workRequest : undefined;
    expect(wr).toMatchObject({ workRequestId: "wr-1", status: WorkStatus.REQUESTED, version: 1n, attempt: 1, correlationId: "run-1" });
    expect(wr?.execution?.queueRef).toBe("toolrun.verify");
  });
  test("agent work goes to the coder queue; publish to the publish queue", () => {
    const agent = given().when(requestWork({ workKind: WorkKind.AGENT_WORK, actionKind: ActionKind.PUBLISH })).then(["workRequested"]);
    expect(agent[0]?.case === "workRequested" && agent[0].value.workRequest?.execution?.queueRef).toBe("agentwork.coder");
    const publish = given().when(requestWork({ actionKind: ActionKind.PUBLISH })).then(["workRequested"]);
    expect(publish[0]?.case === "workRequested" && publish[0].value.workRequest?.execution?.queueRef).toBe("toolrun.publish");
  });
  test("the same key with the same payload returns the existing request and emits nothing", () => {
    given(requestWork()).when(requestWork()).then([]);
  });
  test("the same key with a different payload is rejected, naming the key", () => {
    given(requestWork()).when(requestWork({ actionKind: ActionKind.GENERATE })).thenThrows("already_exists", 'client_request_id "run-1/verify-1"');
  });
  test("a queue_ref that is no execution queue is rejected", () => {
    given().when(requestWork({ execution: { queueRef: "transformation.work.domain.facts.v1" } })).thenThrows("invalid_argument", "execution.queue_ref");
  });
});

describe("RecordWorkStarted", () => {
  test("an unknown id is not found", () => {
    given().when(started()).thenThrows("not_found", 'work_request_id "wr-1" does not exist');
  });
  test("starts the attempt; a repeat changes nothing", () => {
    given(requestWork()).when(started()).then(["workStarted"]);
    given(requestWork(), started()).when(started()).then([]);
  });
  test("a later attempt restarts; an earlier one is stale", () => {
    given(requestWork(), started(1)).when(started(2)).then(["workStarted"]);
    given(requestWork(), started(1), started(2)).when(started(1)).thenThrows("failed_precondition", "attempt 1 of work wr-1 is stale");
  });
  test("a terminal request refuses a start", () => {
    given(requestWork(), started(), outcome(WorkResult.SUCCEEDED)).when(started(2)).thenThrows("failed_precondition", "already succeeded");
  });
});

describe("RecordWorkOutcome", () => {
  test("an outcome for an unknown id is not found", () => {
    given().when(outcome(WorkResult.FAILED)).thenThrows("not_found", "does not exist");
  });
  test("success completes the work; failure fails it", () => {
    given(requestWork(), started()).when(outcome(WorkResult.SUCCEEDED)).then(["workCompleted"]);
    given(requestWork(), started()).when(outcome(WorkResult.FAILED, "")).then(["workFailed"]);
  });
  test("a failure may be recorded before a start (fail-fast executors)", () => {
    given(requestWork()).when(outcome(WorkResult.FAILED, "")).then(["workFailed"]);
  });
  test("a success without evidence is rejected", () => {
    given(requestWork(), started()).when(outcome(WorkResult.SUCCEEDED, "")).thenThrows("invalid_argument", "needs outcome.evidence_bundle_id");
  });
  test("a repeated outcome changes nothing", () => {
    given(requestWork(), started(), outcome(WorkResult.SUCCEEDED)).when(outcome(WorkResult.SUCCEEDED)).then([]);
  });
  test("an outcome contradicting the terminal state is a failed precondition", () => {
    given(requestWork(), started(), outcome(WorkResult.SUCCEEDED)).when(outcome(WorkResult.FAILED)).thenThrows("failed_precondition", "already succeeded");
  });
  test("success after cancel is a failed precondition", () => {
    given(requestWork(), started(), cancel()).when(outcome(WorkResult.SUCCEEDED)).thenThrows("failed_precondition", "already canceled");
  });
  test("an outcome for another attempt is refused", () => {
    given(requestWork(), started(1)).when(outcome(WorkResult.SUCCEEDED, "b", 2)).thenThrows("failed_precondition", "current attempt is 1");
  });
});

describe("CancelWork", () => {
  test("cancels open work; a repeat changes nothing; finished work cannot be canceled", () => {
    given(requestWork()).when(cancel()).then(["workCanceled"]);
    given(requestWork(), cancel()).when(cancel()).then([]);
    given(requestWork(), started(), outcome(WorkResult.FAILED, "")).when(cancel()).thenThrows("failed_precondition", "already failed");
  });
});

describe("evolve", () => {
  test("the aggregate version increases by exactly one per fact", () => {
    const { state } = given(requestWork(), started(1), started(2), outcome(WorkResult.SUCCEEDED, "b", 2));
    expect(state?.version).toBe(4n);
    expect(state?.status).toBe(WorkStatus.SUCCEEDED);
    expect(state?.attempt).toBe(2);
  });
});
