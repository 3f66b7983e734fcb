// Signals, updates and queries of the run workflow: shared by the workflow, the Process API,
// the fact ingress and the tests.
import { defineQuery, defineSignal, defineUpdate } from "@temporalio/workflow";
import type { GateDecisionRecorded } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import type {
  CancelRunSignal,
  DecideGateUpdate,
  RunState,
  WorkFactSignal,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";

/** The process definition this workflow implements. */
export const processDefinitionId = "transformation.r2r.v1";
/** Board kind of its cards. */
export const boardKind = "transformation.run";
/** Temporal task queue of the workflow and its activities. */
export const processTaskQueue = "transformation-process.v1";

/** A work fact routed into its run by the ingress (SignalWithStart). */
export const workFactSignal = defineSignal<[WorkFactSignal]>("workFact");
/** Asks the run to cancel; it ends with RunCancelled. */
export const cancelRunSignal = defineSignal<[CancelRunSignal]>("cancelRun");
/** Decides the open gate; UpdateId = the caller's idempotency key. */
export const decideGateUpdate = defineUpdate<GateDecisionRecorded, [DecideGateUpdate]>("decideGate");
/** The run's current state (for diagnostics; the board reads projections, not this). */
export const runStateQuery = defineQuery<RunState>("runState");
