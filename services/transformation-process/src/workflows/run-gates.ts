import { condition, workflowInfo } from "@temporalio/workflow";
import type { AwaitingKind, GateDecisionRecorded } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import type { RunState } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { CancelRequested } from "./run-ending.js";
import { actOn, emit, enterPhase } from "./run-progress.js";

/** Opens a gate, waits for its decision (or a cancel), and records the decision once. */
export async function gate(state: RunState, kind: AwaitingKind, gateRef: string, phase: string, description: string): Promise<GateDecisionRecorded> {
  if (state.openGate?.gateRef !== gateRef && state.decisions[gateRef] === undefined) {
    state.openGate = { $typeName: "ameide_core_proto.process.transformation.v1.OpenGate", gateRef, kind };
    await enterPhase(state, phase);
    await emit(state, { case: "awaiting", value: { kind, ref: gateRef, description } });
  }
  await condition(() => state.decisions[gateRef] !== undefined || state.cancelRequested);
  if (state.cancelRequested) throw new CancelRequested();
  state.openGate = undefined;
  const decision = state.decisions[gateRef]!;
  // The cause is named by the run, not by the caller's key (which may hold anything up to 256 chars).
  actOn(state, `${workflowInfo().workflowId}/decision/${gateRef}`, decision.decidedBy);
  await emit(state, { case: "gateDecisionRecorded", value: decision });
  return decision;
}
