// Builds process facts inside the workflow (deterministic: ids from state, time from the workflow clock).
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  type TransformationProcessFact,
  TransformationProcessFactSchema,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import type { RunState } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import type { Actor } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import { processDefinitionId } from "./definitions.js";

/** The `fact` oneof of a process fact. */
export type ProcessFactVariant = MessageInitShape<typeof TransformationProcessFactSchema>["fact"];

/** Where the run is: ids Temporal gives the workflow. */
export interface RunIdentity {
  readonly processInstanceId: string;
  readonly processRunId: string;
  readonly nowMs: number;
}

/** What the run acts on: the input it last consumed, else its start (its id, its starter). */
export function causeOf(state: RunState, processInstanceId: string): { causationId: string; actor: Actor | undefined } {
  if (state.cause === undefined || state.cause.causationId === "") return { causationId: processInstanceId, actor: state.input?.startedBy };
  return { causationId: state.cause.causationId, actor: state.cause.actor };
}

/**
 * The next progress fact of the run. `seq` advances in the state; the message id is
 * `<instance>/<epoch>/<seq>`, so an Activity retry or a replay re-emits the same id. The fact's
 * causation and actor are the run's cause: the start, then the last decision, work fact or cancel.
 */
export function nextProcessFact(state: RunState, run: RunIdentity, fact: ProcessFactVariant): TransformationProcessFact {
  state.seq += 1n;
  const input = state.input;
  const cause = causeOf(state, run.processInstanceId);
  return create(TransformationProcessFactSchema, {
    meta: {
      messageId: `${run.processInstanceId}/${state.runEpoch}/${state.seq}`,
      schemaVersion: "1.0.0",
      occurredAt: timestampFromMs(run.nowMs),
      producer: "transformation-process",
      scope: input?.scope,
      correlationId: input?.correlationId || run.processInstanceId,
      causationId: cause.causationId,
      subject: `run/${run.processInstanceId}`,
      actor: cause.actor,
    },
    process: {
      processDefinitionId: input?.processDefinitionId || processDefinitionId,
      processInstanceId: run.processInstanceId,
      processRunId: run.processRunId,
      runEpoch: state.runEpoch,
      seq: state.seq,
      initiativeId: input?.initiativeId ?? "",
    },
    fact,
  });
}
