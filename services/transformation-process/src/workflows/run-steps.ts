import { workflowInfo } from "@temporalio/workflow";
import { AwaitingKind, GateDecision } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import type { RunResult, RunState } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { ActionKind, WorkKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { boardKind } from "./definitions.js";
import { activities } from "./run-activities.js";
import { awaitWork, checkoutAtHead, delegate, recordToolRun, workRequestIdOf } from "./run-delegation.js";
import { complete, fail } from "./run-ending.js";
import { gate } from "./run-gates.js";
import { commandContext, emit, enterPhase } from "./run-progress.js";

/** One step of the run: moves `state.step` on, or returns the result when the run ends. */
type Step = (state: RunState) => Promise<RunResult | undefined>;

/** The run's steps, by `state.step` (which survives Continue-As-New). */
const steps: Record<string, Step> = {
  "": start,
  triage,
  approval,
  generate: (state) => delegate(state, "generate", WorkKind.TOOL_RUN, ActionKind.GENERATE, checkoutAtHead(state), () => (state.step = "code")),
  code,
  verify,
  release,
  publish: (state) =>
    delegate(state, "publish", WorkKind.TOOL_RUN, ActionKind.PUBLISH, checkoutAtHead(state), (outcome) => {
      state.publishedDigest = outcome.outputs.digest ?? "";
      state.step = "promote";
    }),
  promote,
  done: complete,
};

/** Runs the current step. */
export function runStep(state: RunState): Promise<RunResult | undefined> {
  return (steps[state.step] ?? ((s: RunState) => fail(s, `unknown step "${s.step}"`)))(state);
}

async function start(state: RunState): Promise<undefined> {
  await emit(state, { case: "runStarted", value: { title: state.input!.title, boardKind } });
  state.step = "triage";
  return undefined;
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

async function approval(state: RunState): Promise<RunResult | undefined> {
  const decision = await gate(
    state,
    AwaitingKind.APPROVAL,
    `approval-${state.approvalRound}`,
    "awaiting_approval",
    "approve the drafted plan to start execution",
  );
  if (decision.decision === GateDecision.APPROVED) {
    await enterPhase(state, "execution");
    state.step = "generate";
  } else if (state.input!.policy!.rejectReturnsToTriage) {
    state.step = "triage";
  } else {
    return fail(state, `approval rejected${decision.comment ? `: ${decision.comment}` : ""}`);
  }
  return undefined;
}

function code(state: RunState): Promise<RunResult | undefined> {
  return delegate(
    state,
    `code/${state.verifyRound + 1}`,
    WorkKind.AGENT_WORK,
    ActionKind.PUBLISH,
    { ...checkoutAtHead(state), instructions: instructions(state) },
    (outcome) => {
      state.headCommitSha = outcome.outputs.commit_sha ?? state.headCommitSha;
      state.headBranch = outcome.outputs.branch ?? state.headBranch;
      state.step = "verify";
    },
  );
}

async function verify(state: RunState): Promise<RunResult | undefined> {
  const round = state.verifyRound + 1;
  const policy = state.input!.policy!;
  const fact = await awaitWork(state, `verify/${round}`, WorkKind.TOOL_RUN, ActionKind.VERIFY, {
    ...checkoutAtHead(state),
    verificationSuiteRef: policy.verificationSuiteRef,
  });
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

async function release(state: RunState): Promise<RunResult | undefined> {
  await enterPhase(state, "release");
  if (state.input!.policy!.requireReleaseApproval) {
    const decision = await gate(state, AwaitingKind.RELEASE_APPROVAL, "release-1", "release", "approve the release of the verified change");
    if (decision.decision !== GateDecision.APPROVED) return fail(state, `release rejected${decision.comment ? `: ${decision.comment}` : ""}`);
  }
  state.step = "publish";
  return undefined;
}

async function promote(state: RunState): Promise<RunResult | undefined> {
  const environments = state.input!.policy!.environments;
  while (state.promoteIndex < environments.length) {
    const environment = environments[state.promoteIndex]!;
    const params = { environment, digest: state.publishedDigest };
    const failed = await delegate(
      state,
      `promote/${environment}`,
      WorkKind.TOOL_RUN,
      ActionKind.DEPLOY,
      { ...checkoutAtHead(state), parameters: params },
      () => {
        state.promotedDigests[environment] = state.publishedDigest;
        state.promoteIndex += 1;
      },
    );
    if (failed !== undefined) return failed;
  }
  state.step = "done";
  return undefined;
}

/** What the coding agent is asked: the request, plus the last verification failure on a retry. */
function instructions(state: RunState): string {
  const base = state.input!.request;
  return state.verifyRound === 0 ? base : `${base}\n\nThe previous verification failed:\n${state.failureReason}`;
}
