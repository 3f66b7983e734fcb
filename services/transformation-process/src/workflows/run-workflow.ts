// The Transformation run (process definition transformation.r2r.v1). Deterministic: all side
// effects go through activities; no infrastructure knowledge (topics, queues, images) lives here.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from "@temporalio/workflow";
import {
  AwaitingKind,
  GateDecision,
  type GateDecisionRecorded,
  GateDecisionRecordedSchema,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { type DecideGateUpdate, type RunResult, RunResultSchema, type RunState } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import type { TransformationWorkDomainFact } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import {
  ActionKind,
  WorkKind,
  type WorkOutcome,
  WorkOutcomeSchema,
  WorkStatus,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { RepoCheckoutSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { RequestWorkRequestSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import type { RunActivities } from "../activities.js";
import { boardKind, cancelRunSignal, decideGateUpdate, runStateQuery, workFactSignal } from "./definitions.js";
import { nextProcessFact, type ProcessFactVariant } from "./progress.js";

const activities = proxyActivities<RunActivities>({
  startToCloseTimeout: "30 seconds",
  retry: { initialInterval: "200 milliseconds", maximumInterval: "5 seconds", backoffCoefficient: 2 },
});

/** How many message ids the run remembers for dedupe (carried across Continue-As-New). */
const dedupeWindow = 512;
const terminalCases = new Set(["workCompleted", "workFailed", "workCanceled"]);

class CancelRequested extends Error {}

/** The work inputs a step sets. */
interface InputsInit {
  checkout?: Exclude<MessageInitShape<typeof RepoCheckoutSchema>, { $typeName: string }>;
  verificationSuiteRef?: string;
  parameters?: Record<string, string>;
  instructions?: string;
}

/** The run workflow: intake -> triage -> awaiting_approval -> execution -> release -> done | failed. */
export async function transformationRun(state: RunState): Promise<RunResult> {
  if (state.input === undefined) {
    // Started by a fact for a run that never existed (SignalWithStart): nothing to do.
    return create(RunResultSchema, { outcome: "ignored", reason: "no run input: the routed fact belongs to no run" });
  }
  installHandlers(state);
  try {
    return await drive(state);
  } catch (error) {
    if (error instanceof CancelRequested) return cancelled(state);
    throw error;
  }
}

function installHandlers(state: RunState): void {
  const seen = new Set(state.seenMessageIds);
  setHandler(workFactSignal, ({ fact }) => {
    const id = fact?.meta?.messageId;
    if (fact === undefined || id === undefined || id === "" || seen.has(id)) return;
    seen.add(id);
    state.seenMessageIds.push(id);
    if (state.seenMessageIds.length > dedupeWindow) seen.delete(state.seenMessageIds.shift() ?? "");
    const workRequestId = workRequestIdOf(fact);
    if (terminalCases.has(fact.fact.case ?? "") && workRequestId !== "" && state.workFacts[workRequestId] === undefined) {
      state.workFacts[workRequestId] = fact;
    }
  });
  setHandler(cancelRunSignal, (signal) => {
    state.cancelRequested = true;
    state.cancelReason = signal.reason || "cancelled";
  });
  setHandler(
    decideGateUpdate,
    (update) => {
      const decision = create(GateDecisionRecordedSchema, {
        gateRef: update.gateRef,
        gateKind: state.openGate?.kind ?? AwaitingKind.UNSPECIFIED,
        decision: update.decision,
        comment: update.comment,
        decidedBy: update.decidedBy,
        decisionId: update.decisionId,
      });
      state.decisions[update.gateRef] = decision;
      return decision;
    },
    {
      validator: (update: DecideGateUpdate) => {
        const open = state.openGate;
        const decided = state.decisions[update.gateRef];
        if (decided !== undefined) throw new Error(`gate "${update.gateRef}" is already decided: ${GateDecision[decided.decision].toLowerCase()}`);
        if (open === undefined) throw new Error(`no gate is open on this run; nothing to decide for "${update.gateRef}"`);
        if (update.gateRef !== open.gateRef) throw new Error(`unknown gate_ref "${update.gateRef}"; the open gate is "${open.gateRef}"`);
        if (update.decision !== GateDecision.APPROVED && update.decision !== GateDecision.REJECTED) throw new Error("decision must be APPROVED or REJECTED");
        if (update.decisionId === "") throw new Error("decision_id (the idempotency key) is required");
      },
    },
  );
  setHandler(runStateQuery, () => state);
}

async function drive(state: RunState): Promise<RunResult> {
  for (;;) {
    if (state.cancelRequested) throw new CancelRequested();
    if (shouldContinueAsNew(state)) {
      await condition(allHandlersFinished);
      state.runEpoch += 1n;
      return continueAsNew<typeof transformationRun>(state);
    }
    let result: RunResult | undefined;
    try {
      result = await step(state);
    } catch (error) {
      // A refused or failing side effect (e.g. the Domain rejecting a request) ends the run with a
      // RunFailed fact instead of failing the workflow silently.
      if (!(error instanceof ActivityFailure)) throw error;
      result = await fail(state, `step "${state.step || "start"}" could not complete: ${error.cause?.message ?? error.message}`);
    }
    if (result !== undefined) return result;
  }
}

/** Runs the current step and moves `state.step` on; returns the result when the run ends. */
async function step(state: RunState): Promise<RunResult | undefined> {
  const input = state.input!;
  const policy = input.policy!;
  switch (state.step) {
    case "":
      await emit(state, { case: "runStarted", value: { title: input.title, boardKind } });
      state.step = "triage";
      return undefined;
    case "triage":
      return triage(state);
    case "approval": {
      const decision = await gate(state, AwaitingKind.APPROVAL, `approval-${state.approvalRound}`, "awaiting_approval", "approve the drafted plan to start execution");
      if (decision.decision === GateDecision.APPROVED) {
        await enterPhase(state, "execution");
        state.step = "generate";
      } else if (policy.rejectReturnsToTriage) {
        state.step = "triage";
      } else {
        return fail(state, `approval rejected${decision.comment ? `: ${decision.comment}` : ""}`);
      }
      return undefined;
    }
    case "generate":
      return delegate(state, "generate", WorkKind.TOOL_RUN, ActionKind.GENERATE, checkoutAtHead(state), () => (state.step = "code"));
    case "code":
      return delegate(state, `code/${state.verifyRound + 1}`, WorkKind.AGENT_WORK, ActionKind.PUBLISH, { ...checkoutAtHead(state), instructions: instructions(state) }, (outcome) => {
        state.headCommitSha = outcome.outputs.commit_sha ?? state.headCommitSha;
        state.headBranch = outcome.outputs.branch ?? state.headBranch;
        state.step = "verify";
      });
    case "verify":
      return verify(state);
    case "release":
      await enterPhase(state, "release");
      if (policy.requireReleaseApproval) {
        const decision = await gate(state, AwaitingKind.RELEASE_APPROVAL, "release-1", "release", "approve the release of the verified change");
        if (decision.decision !== GateDecision.APPROVED) return fail(state, `release rejected${decision.comment ? `: ${decision.comment}` : ""}`);
      }
      state.step = "publish";
      return undefined;
    case "publish":
      return delegate(state, "publish", WorkKind.TOOL_RUN, ActionKind.PUBLISH, checkoutAtHead(state), (outcome) => {
        state.publishedDigest = outcome.outputs.digest ?? "";
        state.step = "promote";
      });
    case "promote":
      return promote(state);
    case "done":
      return complete(state);
    default:
      return fail(state, `unknown step "${state.step}"`);
  }
}

async function triage(state: RunState): Promise<RunResult | undefined> {
  const input = state.input!;
  await enterPhase(state, "triage");
  state.approvalRound += 1;
  const element = await activities.draftElement({
    $typeName: "ameide_core_proto.transformation.knowledge.v1.DraftElementRequest",
    context: commandContext(state),
    idempotencyKey: `${workflowInfo().workflowId}/draft/${state.approvalRound}`,
    elementId: `${workflowInfo().workflowId}-plan`,
    elementKind: "plan",
    title: input.title || "Plan",
    content: `# ${input.title || "Plan"}\n\n${input.request}\n\n_Draft ${state.approvalRound}_\n`,
    mediaType: "text/markdown",
    initiativeId: input.initiativeId,
    draftedByProcessInstanceId: workflowInfo().workflowId,
  });
  state.draftElementId = element.elementId;
  if (input.policy?.requestAnalysis && state.approvalRound === 1) {
    const analysis = await delegate(state, "analysis", WorkKind.TOOL_RUN, ActionKind.PREFLIGHT, checkoutAtHead(state), () => undefined);
    if (analysis !== undefined) return analysis;
  }
  state.step = "approval";
  return undefined;
}

async function verify(state: RunState): Promise<RunResult | undefined> {
  const round = state.verifyRound + 1;
  const policy = state.input!.policy!;
  const fact = await awaitWork(state, `verify/${round}`, WorkKind.TOOL_RUN, ActionKind.VERIFY, { ...checkoutAtHead(state), verificationSuiteRef: policy.verificationSuiteRef });
  state.verifyRound = round;
  const outcome = await recordToolRun(state, fact, round);
  if (fact.fact.case === "workCompleted") {
    state.step = "release";
  } else if (round < policy.maxVerifyRounds) {
    state.failureReason = outcome?.summary ?? "";
    state.step = "code";
  } else {
    return fail(state, `verification still failing after ${round} round(s): ${outcome?.summary ?? ""}`, workRequestIdOf(fact));
  }
  return undefined;
}

async function promote(state: RunState): Promise<RunResult | undefined> {
  const environments = state.input!.policy!.environments;
  while (state.promoteIndex < environments.length) {
    const environment = environments[state.promoteIndex]!;
    const params = { environment, digest: state.publishedDigest };
    const failed = await delegate(state, `promote/${environment}`, WorkKind.TOOL_RUN, ActionKind.DEPLOY, { ...checkoutAtHead(state), parameters: params }, () => {
      state.promotedDigests[environment] = state.publishedDigest;
      state.promoteIndex += 1;
    });
    if (failed !== undefined) return failed;
  }
  state.step = "done";
  return undefined;
}

/** Requests work, waits for its outcome, records it; on success runs `onSuccess`, on failure ends the run. */
async function delegate(
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
async function awaitWork(state: RunState, stepKey: string, workKind: WorkKind, actionKind: ActionKind, inputs: InputsInit): Promise<TransformationWorkDomainFact> {
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
  return state.workFacts[id]!;
}

async function recordToolRun(state: RunState, fact: TransformationWorkDomainFact, round: number): Promise<WorkOutcome | undefined> {
  const value = fact.fact.value as { workRequestId: string; workKind: WorkKind; actionKind: ActionKind; outcome?: WorkOutcome } | undefined;
  const outcome = fact.fact.case === "workCompleted" || fact.fact.case === "workFailed" ? fact.fact.value.outcome : undefined;
  const status = fact.fact.case === "workCompleted" ? WorkStatus.SUCCEEDED : fact.fact.case === "workFailed" ? WorkStatus.FAILED : WorkStatus.CANCELED;
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

/** Opens a gate, waits for its decision (or a cancel), and records the decision once. */
async function gate(state: RunState, kind: AwaitingKind, gateRef: string, phase: string, description: string): Promise<GateDecisionRecorded> {
  if (state.openGate?.gateRef !== gateRef && state.decisions[gateRef] === undefined) {
    state.openGate = { $typeName: "ameide_core_proto.process.transformation.v1.OpenGate", gateRef, kind };
    await enterPhase(state, phase);
    await emit(state, { case: "awaiting", value: { kind, ref: gateRef, description } });
  }
  await condition(() => state.decisions[gateRef] !== undefined || state.cancelRequested);
  if (state.cancelRequested) throw new CancelRequested();
  state.openGate = undefined;
  const decision = state.decisions[gateRef]!;
  await emit(state, { case: "gateDecisionRecorded", value: decision });
  return decision;
}

async function enterPhase(state: RunState, phaseKey: string): Promise<void> {
  if (state.phaseKey === phaseKey) return;
  state.phaseKey = phaseKey;
  await emit(state, { case: "phaseEntered", value: { phaseKey } });
}

async function emit(state: RunState, ...variants: ProcessFactVariant[]): Promise<void> {
  const info = workflowInfo();
  const facts = variants.map((fact) => nextProcessFact(state, { processInstanceId: info.workflowId, processRunId: info.runId, nowMs: Date.now() }, fact));
  await activities.emitProcessFacts(...facts);
}

async function complete(state: RunState): Promise<RunResult> {
  await enterPhase(state, "done");
  await emit(state, { case: "runCompleted", value: { finalDecision: "approved", evidenceRefs: state.evidenceRefs, promotedDigests: state.promotedDigests } });
  return create(RunResultSchema, { phaseKey: "done", outcome: "completed", promotedDigests: state.promotedDigests });
}

async function fail(state: RunState, reason: string, failedWorkRequestId = ""): Promise<RunResult> {
  state.failureReason = reason;
  await enterPhase(state, "failed");
  await emit(state, { case: "runFailed", value: { reason, evidenceRefs: state.evidenceRefs, failedWorkRequestId } });
  return create(RunResultSchema, { phaseKey: "failed", outcome: "failed", reason });
}

async function cancelled(state: RunState): Promise<RunResult> {
  for (const workRequestId of Object.values(state.workByStep)) {
    if (state.workFacts[workRequestId] !== undefined) continue;
    await activities.cancelWork({
      $typeName: "ameide_core_proto.transformation.work.v1.CancelWorkRequest",
      context: commandContext(state),
      idempotencyKey: `${workflowInfo().workflowId}/cancel/${workRequestId}`,
      workRequestId,
      reason: state.cancelReason,
    });
  }
  await emit(state, { case: "runCancelled", value: { reason: state.cancelReason } });
  return create(RunResultSchema, { phaseKey: state.phaseKey, outcome: "cancelled", reason: state.cancelReason });
}

function shouldContinueAsNew(state: RunState): boolean {
  const info = workflowInfo();
  const threshold = state.input?.policy?.continueAsNewAfterEvents ?? 0;
  return info.continueAsNewSuggested || (threshold > 0 && info.historyLength > threshold);
}

function commandContext(state: RunState) {
  const input = state.input!;
  return {
    $typeName: "ameide_core_proto.transformation.common.v1.CommandContext" as const,
    scope: input.scope,
    correlationId: input.correlationId || workflowInfo().workflowId,
    causationId: workflowInfo().workflowId,
    actor: input.startedBy,
  };
}

function checkoutAtHead(state: RunState): InputsInit {
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

function instructions(state: RunState): string {
  const base = state.input!.request;
  return state.verifyRound === 0 ? base : `${base}\n\nThe previous verification failed:\n${state.failureReason}`;
}

function workRequestIdOf(fact: TransformationWorkDomainFact): string {
  if (fact.fact.case === "workRequested") return fact.fact.value.workRequest?.workRequestId ?? "";
  return (fact.fact.value as { workRequestId?: string } | undefined)?.workRequestId ?? fact.aggregate?.id ?? "";
}
