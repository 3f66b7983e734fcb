import { create } from "@bufbuild/protobuf";
import { setHandler, workflowInfo } from "@temporalio/workflow";
import {
  AwaitingKind,
  GateDecision,
  GateDecisionRecordedSchema,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import {
  type DecideGateUpdate,
  RunCauseSchema,
  type RunState,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { isTerminalWorkFact } from "@ameide/contracts/terminal";
import { cancelRunSignal, decideGateUpdate, runStateQuery, runViewQuery, workFactSignal } from "./definitions.js";
import { workRequestIdOf } from "./run-delegation.js";
import { runView } from "./run-view.js";

/** How many message ids the run remembers for dedupe (carried across Continue-As-New). */
const dedupeWindow = 512;

/** Installs the run's signal, update and query handlers over its state. */
export function installHandlers(state: RunState): void {
  const seen = new Set(state.seenMessageIds);
  setHandler(workFactSignal, ({ fact }) => {
    const id = fact?.meta?.messageId;
    if (fact === undefined || id === undefined || id === "" || seen.has(id)) return;
    seen.add(id);
    state.seenMessageIds.push(id);
    if (state.seenMessageIds.length > dedupeWindow) seen.delete(state.seenMessageIds.shift() ?? "");
    const workRequestId = workRequestIdOf(fact);
    // The first terminal fact of a WorkRequest counts; later or duplicate ones change nothing.
    if (isTerminalWorkFact(fact) && workRequestId !== "" && state.workFacts[workRequestId] === undefined) {
      state.workFacts[workRequestId] = fact;
    }
  });
  setHandler(cancelRunSignal, (signal) => {
    if (state.cancelRequested) return;
    state.cancelRequested = true;
    state.cancelReason = signal.reason || "cancelled";
    state.cancelCause = create(RunCauseSchema, { causationId: `${workflowInfo().workflowId}/cancel`, actor: signal.cancelledBy });
  });
  setHandler(decideGateUpdate, (update) => recordDecision(state, update), { validator: (update: DecideGateUpdate) => validateDecision(state, update) });
  setHandler(runStateQuery, () => state);
  setHandler(runViewQuery, () => runView(state));
}

function recordDecision(state: RunState, update: DecideGateUpdate) {
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
}

/** Refuses a decision before it enters history: each reason says what the caller must change. */
function validateDecision(state: RunState, update: DecideGateUpdate): void {
  const open = state.openGate;
  const decided = state.decisions[update.gateRef];
  if (decided !== undefined) throw new Error(`gate "${update.gateRef}" is already decided: ${GateDecision[decided.decision].toLowerCase()}`);
  if (open === undefined) throw new Error(`no gate is open on this run; nothing to decide for "${update.gateRef}"`);
  if (update.gateRef !== open.gateRef) throw new Error(`unknown gate_ref "${update.gateRef}"; the open gate is "${open.gateRef}"`);
  if (update.decision !== GateDecision.APPROVED && update.decision !== GateDecision.REJECTED) throw new Error("decision must be APPROVED or REJECTED");
  if (update.decisionId === "") throw new Error("decision_id (the idempotency key) is required");
}
