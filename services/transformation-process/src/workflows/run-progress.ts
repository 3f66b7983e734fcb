import { create } from "@bufbuild/protobuf";
import { workflowInfo } from "@temporalio/workflow";
import { RunCauseSchema, type RunState } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import type { Actor } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import { causeOf, nextProcessFact, type ProcessFactVariant } from "./progress.js";
import { activities } from "./run-activities.js";

/** Emits process facts (numbered by the run's sequence) through the process outbox. */
export async function emit(state: RunState, ...variants: ProcessFactVariant[]): Promise<void> {
  const info = workflowInfo();
  const facts = variants.map((fact) => nextProcessFact(state, { processInstanceId: info.workflowId, processRunId: info.runId, nowMs: Date.now() }, fact));
  await activities.emitProcessFacts(...facts);
}

/** Moves the card to a column once (a repeated phase emits nothing). */
export async function enterPhase(state: RunState, phaseKey: string): Promise<void> {
  if (state.phaseKey === phaseKey) return;
  state.phaseKey = phaseKey;
  await emit(state, { case: "phaseEntered", value: { phaseKey } });
}

/** The command context of every Domain command the run sends. */
export function commandContext(state: RunState) {
  const input = state.input!;
  return {
    $typeName: "ameide_core_proto.transformation.common.v1.CommandContext" as const,
    scope: input.scope,
    correlationId: input.correlationId || workflowInfo().workflowId,
    causationId: causeOf(state, workflowInfo().workflowId).causationId,
    // The Domain names its caller (this service) as the actor, whatever this says.
    actor: input.startedBy,
  };
}

/**
 * The run acts on an input from here on: the facts and commands that follow name it as their
 * cause, and `actor` (the decider, the canceller; the starter after a work fact) as their actor.
 */
export function actOn(state: RunState, causationId: string, actor: Actor | undefined): void {
  state.cause = create(RunCauseSchema, { causationId, actor });
}
