import { workStatusAfter } from "@ameide/contracts/terminal";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { condition, workflowInfo } from "@temporalio/workflow";
import type { RunResult, RunState } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import type { TransformationWorkDomainFact } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import {
  ActionKind,
  type RepoCheckoutSchema,
  WorkKind,
  type WorkOutcome,
  WorkOutcomeSchema,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { RequestWorkRequestSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { activities } from "./run-activities.js";
import { CancelRequested, fail } from "./run-ending.js";
import { actOn, commandContext, emit } from "./run-progress.js";

/** The work inputs a step sets. */
export interface InputsInit {
  checkout?: Exclude<MessageInitShape<typeof RepoCheckoutSchema>, { $typeName: string }>;
  verificationSuiteRef?: string;
  parameters?: Record<string, string>;
  instructions?: string;
}

/** Requests work, waits for its outcome, records it; on success runs `onSuccess`, on failure ends the run. */
export async function delegate(
  state: RunState,
  stepKey: string,
  workKind: WorkKind,
  actionKind: ActionKind,
  inputs: InputsInit,
  onSuccess: (outcome: WorkOutcome) => void,
): Promise<RunResult | undefined> {
  const fact = await awaitWork(state, stepKey, workKind, actionKind, inputs);
  const outcome = await recordToolRun(state, fact, state.verifyRound + 1);
  if (fact.fact.case !== "workCompleted") {
    return fail(state, `${stepKey} ${fact.fact.case === "workCanceled" ? "was canceled" : "failed"}: ${outcome?.summary ?? ""}`, workRequestIdOf(fact));
  }
  onSuccess(outcome ?? create(WorkOutcomeSchema));
  return undefined;
}

/** Requests work once per step key (idempotent by client_request_id) and waits for its terminal fact. */
export async function awaitWork(
  state: RunState,
  stepKey: string,
  workKind: WorkKind,
  actionKind: ActionKind,
  inputs: InputsInit,
): Promise<TransformationWorkDomainFact> {
  const info = workflowInfo();
  let workRequestId = state.workByStep[stepKey];
  if (workRequestId === undefined) {
    const requested = await activities.requestWork(
      create(RequestWorkRequestSchema, {
        context: commandContext(state),
        clientRequestId: `${info.workflowId}/${stepKey}`,
        requestedBy: { processInstanceId: info.workflowId, activityId: stepKey, processRunId: info.runId },
        workKind,
        actionKind,
        inputs,
      }),
    );
    workRequestId = requested.workRequestId;
    state.workByStep[stepKey] = workRequestId;
  }
  const id = workRequestId;
  await condition(() => state.workFacts[id] !== undefined || state.cancelRequested);
  if (state.cancelRequested) throw new CancelRequested();
  const fact = state.workFacts[id]!;
  actOn(state, fact.meta?.messageId ?? "", state.input?.startedBy);
  return fact;
}

/** Emits ToolRunRecorded for a terminal work fact and keeps its evidence; returns the outcome. */
export async function recordToolRun(state: RunState, fact: TransformationWorkDomainFact, round: number): Promise<WorkOutcome | undefined> {
  const value = fact.fact.value as { workRequestId: string; workKind: WorkKind; actionKind: ActionKind; outcome?: WorkOutcome } | undefined;
  const outcome = fact.fact.case === "workCompleted" || fact.fact.case === "workFailed" ? fact.fact.value.outcome : undefined;
  const status = workStatusAfter(fact);
  const bundleRef = outcome?.artifactRefs[0];
  if (bundleRef !== undefined) state.evidenceRefs.push(bundleRef);
  await emit(state, {
    case: "toolRunRecorded",
    value: {
      workRequestId: value?.workRequestId ?? "",
      workKind: value?.workKind ?? WorkKind.UNSPECIFIED,
      actionKind: value?.actionKind ?? ActionKind.UNSPECIFIED,
      status,
      summary: outcome?.summary ?? "",
      outputs: outcome?.outputs ?? {},
      evidenceBundleId: outcome?.evidenceBundleId ?? "",
      evidenceRefs: outcome?.artifactRefs ?? [],
      round,
    },
  });
  return outcome;
}

/** The checkout inputs at the run's current head (the coding agent's commit once there is one). */
export function checkoutAtHead(state: RunState): InputsInit {
  const checkout = state.input!.checkout!;
  return {
    checkout: {
      repoUrl: checkout.repoUrl,
      commitSha: state.headCommitSha || checkout.commitSha,
      workdir: checkout.workdir,
      branch: state.headCommitSha ? "" : checkout.branch,
    },
  };
}

/** The WorkRequest a work fact is about. */
export function workRequestIdOf(fact: TransformationWorkDomainFact): string {
  if (fact.fact.case === "workRequested") return fact.fact.value.workRequest?.workRequestId ?? "";
  return (fact.fact.value as { workRequestId?: string } | undefined)?.workRequestId ?? fact.aggregate?.id ?? "";
}
