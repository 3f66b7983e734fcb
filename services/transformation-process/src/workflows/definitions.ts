// Signals, updates and queries of the run workflow: shared by the workflow, the Process API,
// the fact ingress and the tests. Every Temporal name comes from the contract
// (TransformationRunWorkflow in process_transformation_workflow.proto), never from a literal here.
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { defineQuery, defineSignal, defineUpdate } from "@temporalio/workflow";
import { transformationRunWorkflow as contract } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_temporal";

type Message<K> = K extends DescMessage ? MessageShape<K> : never;

/** The process definition this workflow implements. */
export const processDefinitionId = "transformation.r2r.v1";
/** Board kind of its cards. */
export const boardKind = "transformation.run";
/** Temporal task queue of the workflow and its activities. */
export const processTaskQueue: string = contract.taskQueue;
/** The workflow type: the name the workflow function is exported under. */
export const runWorkflowType: string = contract.workflowType;

const { signals, updates, queries } = contract;

/** A work fact routed into its run by the ingress (SignalWithStart). */
export const workFactSignal = defineSignal<[Message<typeof signals.workFact.input>]>(signals.workFact.name);
/** Asks the run to cancel; it ends with RunCancelled. */
export const cancelRunSignal = defineSignal<[Message<typeof signals.cancelRun.input>]>(signals.cancelRun.name);
/** Decides the open gate; UpdateId = the caller's idempotency key. */
export const decideGateUpdate = defineUpdate<Message<typeof updates.decideGate.output>, [Message<typeof updates.decideGate.input>]>(updates.decideGate.name);
/** The run's phase, open gates and work items (GetRun). */
export const runViewQuery = defineQuery<Message<typeof queries.runView.output>>(queries.runView.name);
/** The run's whole state (diagnostics; the board reads projections, not this). */
export const runStateQuery = defineQuery<Message<typeof queries.runState.output>>(queries.runState.name);
