import { create } from "@bufbuild/protobuf";
import { workflowInfo } from "@temporalio/workflow";
import { type RunResult, RunResultSchema, type RunState } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { activities } from "./run-activities.js";
import { actOn, commandContext, emit, enterPhase } from "./run-progress.js";

/** Thrown wherever the run waits, once a cancel arrived; the entry turns it into `cancelled`. */
export class CancelRequested extends Error {}

/** Ends the run in done with RunCompleted. */
export async function complete(state: RunState): Promise<RunResult> {
  await enterPhase(state, "done");
  await emit(state, { case: "runCompleted", value: { finalDecision: "approved", evidenceRefs: state.evidenceRefs, promotedDigests: state.promotedDigests } });
  return create(RunResultSchema, { phaseKey: "done", outcome: "completed", promotedDigests: state.promotedDigests });
}

/** Ends the run in failed with RunFailed, naming the reason (and the work that failed, if any). */
export async function fail(state: RunState, reason: string, failedWorkRequestId = ""): Promise<RunResult> {
  state.failureReason = reason;
  await enterPhase(state, "failed");
  await emit(state, { case: "runFailed", value: { reason, evidenceRefs: state.evidenceRefs, failedWorkRequestId } });
  return create(RunResultSchema, { phaseKey: "failed", outcome: "failed", reason });
}

/** Cancels the work still outstanding, then ends the run with RunCancelled. */
export async function cancelled(state: RunState): Promise<RunResult> {
  if (state.cancelCause !== undefined) actOn(state, state.cancelCause.causationId, state.cancelCause.actor);
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
