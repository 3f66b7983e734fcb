import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { eventMetaFromCommand, partitionKey, queueTopicForRef } from "@ameide/contracts";
import { appendToOutbox, type OutboxEntry, outboxEntry } from "@ameide/eventing";
import { TransformationWorkDomainFactSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import { WorkExecutionRequestedSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_intents_pb";
import type { WorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { DomainDeps } from "../domain-deps.js";
import { inTransaction } from "../in-transaction.js";
import { requireContext } from "../require-context.js";
import { type CommandKey, commandFingerprint, findProcessed, recordProcessed } from "../store/processed-commands.js";
import { loadWorkRequestByClientKey, loadWorkRequestForUpdate, saveWorkRequest } from "../store/work-request-store.js";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { decideWork, evolveWork, type WorkCommand, type WorkFact } from "./work-decider.js";

/** The WorkRequest after a command; `deduplicated` when the command was a repeat. */
export interface WorkCommandResult {
  readonly workRequest: WorkRequest;
  readonly deduplicated: boolean;
}

/** Loads, decides, saves and queues facts (and the execution intent) in one transaction. */
export function executeWorkCommand(deps: DomainDeps, command: WorkCommand): Promise<WorkCommandResult> {
  const tenantId = command.context?.scope?.tenantId ?? "";
  return inTransaction(deps, async (tx) => {
    const now = deps.clock();
    let state: WorkRequest | undefined;
    let key: CommandKey | undefined;
    if (command.$typeName === "ameide_core_proto.transformation.work.v1.RequestWorkRequest") {
      state = await loadWorkRequestByClientKey(tx, tenantId, command.clientRequestId);
    } else {
      state = await loadWorkRequestForUpdate(tx, tenantId, command.workRequestId);
      key = commandKey(tenantId, command);
      if (state !== undefined && (await findProcessed(tx, key)) !== undefined) return { workRequest: state, deduplicated: true };
    }
    const facts = decideWork(command, state, { now: timestampFromDate(now), newWorkRequestId: deps.newId() });
    if (facts.length === 0 && state !== undefined) return { workRequest: state, deduplicated: true };
    const entries: OutboxEntry[] = [];
    for (const fact of facts) {
      state = evolveWork(state, fact);
      entries.push(...outboxEntriesFor(deps, command, state, fact, now));
    }
    if (state === undefined) throw new Error("a command without facts on a missing WorkRequest");
    await saveWorkRequest(tx, state, now);
    await appendToOutbox(tx, entries);
    if (key !== undefined) await recordProcessed(tx, key, state.workRequestId);
    return { workRequest: state, deduplicated: false };
  });
}

function commandKey(tenantId: string, command: Exclude<WorkCommand, { $typeName: "ameide_core_proto.transformation.work.v1.RequestWorkRequest" }>): CommandKey {
  const schema = typeRegistry.getMessage(command.$typeName);
  if (schema === undefined) throw new Error(`${command.$typeName} missing from the type registry`);
  return { tenantId, command: command.$typeName, idempotencyKey: command.idempotencyKey, fingerprint: commandFingerprint(schema, command) };
}

/** The fact of a state change, plus the execution intent when the change requests work. */
function outboxEntriesFor(deps: DomainDeps, command: WorkCommand, state: WorkRequest, fact: WorkFact, now: Date): OutboxEntry[] {
  const tenantId = state.scope?.tenantId ?? "";
  const id = state.workRequestId;
  const context = requireContext(command.context);
  const meta = eventMetaFromCommand(context, {
    messageId: `work/${tenantId}/${id}/${state.version}`,
    occurredAt: now,
    producer: deps.producer,
    subject: `work_request/${id}`,
    causationId: context.causationId || idempotencyKeyOf(command),
  });
  // The correlation started by the requesting process flows to every later fact of the work.
  meta.correlationId = meta.correlationId || state.correlationId || state.requestedBy?.processInstanceId || id;
  const key = partitionKey(tenantId, id);
  const entries = [
    outboxEntry("transformation.work.domain.facts.v1", create(TransformationWorkDomainFactSchema, { meta, aggregate: { type: "WorkRequest", id, version: state.version }, fact }), key),
  ];
  if (fact.case === "workRequested") {
    const topic = queueTopicForRef(state.execution?.queueRef ?? "");
    if (topic === undefined) throw new Error(`work ${id} has no execution queue`);
    const intentMeta = { ...meta, messageId: `${meta.messageId}/execution`, causationId: meta.messageId };
    entries.push(outboxEntry(topic, create(WorkExecutionRequestedSchema, { meta: intentMeta, workRequest: state, attempt: state.attempt }), key));
  }
  return entries;
}

function idempotencyKeyOf(command: WorkCommand): string {
  return command.$typeName === "ameide_core_proto.transformation.work.v1.RequestWorkRequest" ? command.clientRequestId : command.idempotencyKey;
}
