import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { eventMetaFromCommand, partitionKey, queueTopicForRef } from "@ameide/contracts";
import { type OutboxEntry, outboxEntry } from "@ameide/eventing";
import { TransformationWorkDomainFactSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import { WorkExecutionRequestedSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_intents_pb";
import type { WorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { RequestWorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { type AggregateSlice, handleCommand } from "../command-pipeline.js";
import type { DomainDeps } from "../domain-deps.js";
import { requireContext } from "../require-context.js";
import { type CommandKey, commandFingerprint } from "../store/processed-commands.js";
import { loadWorkRequestForUpdate, saveWorkRequest } from "../store/work-request-store.js";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { requestWorkInOneStatement } from "./request-work.js";
import { decideWork, evolveWork, type WorkCommand, type WorkDecideContext, type WorkFact } from "./work-decider.js";

/** The WorkRequest after a command; `deduplicated` when the command was a repeat. */
export interface WorkCommandResult {
  readonly workRequest: WorkRequest;
  readonly deduplicated: boolean;
}

/** Who sent a work command, as far as the decider cares. */
export interface WorkCaller {
  /** The executor classes it reports for (its `executor:<class>` roles). */
  readonly executorClasses: readonly string[];
}

/** The commands that go through the load-decide-save pipeline (RequestWork is one statement). */
type PipelinedWorkCommand = Exclude<WorkCommand, RequestWorkRequest>;

/** What the decider must not make up, for a caller at `now`. */
function decideContextFor(deps: DomainDeps, caller: WorkCaller, now: Date): WorkDecideContext {
  return {
    now: timestampFromDate(now),
    newWorkRequestId: deps.newId(),
    executorClasses: caller.executorClasses,
    leaseGraceSeconds: deps.leaseGraceSeconds,
    defaultTimeoutSeconds: deps.defaultAttemptTimeoutSeconds,
  };
}

/** The WorkRequest aggregate's slice of the command pipeline, for commands on existing work. */
function workSlice(deps: DomainDeps, caller: WorkCaller): AggregateSlice<PipelinedWorkCommand, WorkRequest, WorkFact, WorkDecideContext> {
  return {
    load: (tx, command) => loadWorkRequestForUpdate(tx, tenantOf(command), command.workRequestId),
    // Lease expiry is deduped by the aggregate's state; the others by idempotency_key.
    key: (command) => (command.$typeName === "ameide.transformation.domain.ExpireWorkLease" ? undefined : commandKey(tenantOf(command), command)),
    decideContext: (_, now) => decideContextFor(deps, caller, now),
    decide: decideWork,
    evolve: (state, fact) => evolveWork(state, fact),
    outbox: (command, state, fact, now) => outboxEntriesFor(deps, command, state, fact, now),
    save: saveWorkRequest,
    idOf: (state) => state.workRequestId,
  };
}

/**
 * RequestWork in a single statement (see requestWorkInOneStatement); the other commands load,
 * decide, save and queue their facts in one transaction.
 */
export async function executeWorkCommand(deps: DomainDeps, command: WorkCommand, caller: WorkCaller): Promise<WorkCommandResult> {
  if (command.$typeName === "ameide_core_proto.transformation.work.v1.RequestWorkRequest") {
    return requestWorkInOneStatement(
      deps,
      command,
      (now) => decideContextFor(deps, caller, now),
      (c, state, fact, now) => outboxEntriesFor(deps, c, state, fact, now),
    );
  }
  const { state, deduplicated } = await handleCommand(deps, workSlice(deps, caller), command);
  return { workRequest: state, deduplicated };
}

function tenantOf(command: WorkCommand): string {
  return command.context?.scope?.tenantId ?? "";
}

function commandKey(tenantId: string, command: Exclude<PipelinedWorkCommand, { $typeName: "ameide.transformation.domain.ExpireWorkLease" }>): CommandKey {
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
    outboxEntry(
      "transformation.work.domain.facts.v1",
      create(TransformationWorkDomainFactSchema, { meta, aggregate: { type: "WorkRequest", id, version: state.version }, fact }),
      key,
    ),
  ];
  // New work, and work whose last attempt's lease expired, goes (again) onto its class's queue.
  if (fact.case === "workRequested" || fact.case === "workAttemptExpired") {
    const topic = queueTopicForRef(state.execution?.queueRef ?? "");
    if (topic === undefined) throw new Error(`work ${id} has no execution queue`);
    const intentMeta = { ...meta, messageId: `${meta.messageId}/execution`, causationId: meta.messageId };
    entries.push(outboxEntry(topic, create(WorkExecutionRequestedSchema, { meta: intentMeta, workRequest: state, attempt: state.attempt }), key));
  }
  return entries;
}

function idempotencyKeyOf(command: WorkCommand): string {
  if (command.$typeName === "ameide_core_proto.transformation.work.v1.RequestWorkRequest") return command.clientRequestId;
  if (command.$typeName === "ameide.transformation.domain.ExpireWorkLease") return `lease-expiry/${command.workRequestId}`;
  return command.idempotencyKey;
}
