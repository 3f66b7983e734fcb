import { workStatusAfter } from "@ameide/contracts/terminal";
import { create } from "@bufbuild/protobuf";
import { workflowInfo } from "@temporalio/workflow";
import {
  RunPhase,
  type RunState,
  type RunView,
  RunViewSchema,
  type RunWorkItem,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import type { TransformationWorkDomainFact } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";

/** Phase keys of the run (CONTRACTS.md) and their enum. */
const phases: Record<string, RunPhase> = {
  intake: RunPhase.INTAKE,
  triage: RunPhase.TRIAGE,
  awaiting_approval: RunPhase.AWAITING_APPROVAL,
  execution: RunPhase.EXECUTION,
  release: RunPhase.RELEASE,
  done: RunPhase.DONE,
  failed: RunPhase.FAILED,
};

/** The runView query: what a caller may know of the run, from its state. */
export function runView(state: RunState): RunView {
  return create(RunViewSchema, {
    processInstanceId: workflowInfo().workflowId,
    phase: phases[state.phaseKey || "intake"] ?? RunPhase.UNSPECIFIED,
    step: state.step,
    openGates: state.openGate === undefined ? [] : [state.openGate],
    workItems: Object.entries(state.workByStep).map(([stepKey, id]) => workItem(stepKey, id, state.workFacts[id])),
    verifyRound: state.verifyRound,
    headCommitSha: state.headCommitSha,
    headBranch: state.headBranch,
    publishedDigest: state.publishedDigest,
    promotedDigests: state.promotedDigests,
    reason: state.failureReason || (state.cancelRequested ? state.cancelReason : ""),
    ended: state.phaseKey === "done" || state.phaseKey === "failed",
    input: state.input,
    decisions: Object.values(state.decisions),
  });
}

function workItem(stepKey: string, workRequestId: string, fact: TransformationWorkDomainFact | undefined): RunWorkItem {
  const f = fact?.fact;
  const status = workStatusAfter(fact);
  const outcome = (f?.value as { outcome?: { summary: string } } | undefined)?.outcome;
  return {
    $typeName: "ameide_core_proto.process.transformation.v1.RunWorkItem",
    stepKey,
    workRequestId,
    status,
    summary: outcome?.summary.split("\n")[0] ?? "",
  };
}
