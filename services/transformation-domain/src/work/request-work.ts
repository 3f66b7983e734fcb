import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { sql } from "kysely";
import type { OutboxEntry } from "@ameide/eventing";
import { type WorkRequest, WorkRequestSchema, WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { RequestWorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import type { DomainDeps } from "../domain-deps.js";
import { checkRegistration } from "../repository/registered-work.js";
import { findRepositorySnapshot } from "../store/repository-store.js";
import { decideWork, evolveWork, type WorkDecideContext } from "./work-decider.js";

/** What the outbox rows of a command are, given the state after it (see work-command-handler). */
export type OutboxRowsOf = (command: RequestWorkRequest, state: WorkRequest, fact: ReturnType<typeof decideWork>[number], now: Date) => OutboxEntry[];

interface StatementResult {
  /** The registration's bytes as stored now (null: not registered). */
  registration: Uint8Array | null;
  /** True when the registration matched the hint and the new WorkRequest was written. */
  inserted: boolean;
  /** The WorkRequest this client key created earlier, if any. */
  existing: Uint8Array | null;
}

/**
 * RequestWork in one round trip. The decider runs first, as if the key were new; then a single
 * statement (its own transaction) checks the registration, inserts the WorkRequest unless the
 * tenant's client key exists, and writes the fact and the intent to the outbox only when the
 * insert happened. A repeat gets the stored WorkRequest back in the same answer and is decided
 * against it (the same request: a deduplicated answer; another one: already_exists). Only a
 * registration that changed since it was last read, or a concurrent first use of the same key,
 * costs another round.
 */
export async function requestWorkInOneStatement(
  deps: DomainDeps,
  command: RequestWorkRequest,
  ctx: (now: Date) => WorkDecideContext,
  outboxRows: OutboxRowsOf,
): Promise<{ workRequest: WorkRequest; deduplicated: boolean }> {
  const tenantId = command.context?.scope?.tenantId ?? "";
  const repositoryId = command.context?.scope?.repositoryId ?? "";
  const hints = deps.registrations;
  let registration = hints.get(tenantId, repositoryId) ?? hints.set(tenantId, repositoryId, await findRepositorySnapshot(deps.db, tenantId, repositoryId));
  for (let round = 0; round < 5; round++) {
    const checked = checkRegistration(command, registration.repository);
    const now = deps.clock();
    const context = ctx(now);
    const facts = decideWork(checked, undefined, context);
    let state: WorkRequest | undefined;
    const entries: OutboxEntry[] = [];
    for (const fact of facts) {
      state = evolveWork(state, fact);
      entries.push(...outboxRows(checked, state, fact, now));
    }
    if (state === undefined) throw new Error("RequestWork decided no facts for a new key");
    const result = await writeIfNew(deps, state, entries, registration.snapshot ?? new Uint8Array(), now);
    if (!sameBytes(result.registration, registration.snapshot)) {
      registration = hints.set(tenantId, repositoryId, result.registration ?? undefined);
      continue;
    }
    if (result.inserted) return { workRequest: state, deduplicated: false };
    if (result.existing !== null) {
      const existing = fromBinary(WorkRequestSchema, result.existing);
      // Throws already_exists when the key was used for another request; else nothing to do.
      decideWork(checked, existing, context);
      return { workRequest: existing, deduplicated: true };
    }
    // Another caller's first use of this key committed after this statement's snapshot: read it.
  }
  throw new Error(`RequestWork ${command.clientRequestId}: the registration or the key kept changing; retry`);
}

async function writeIfNew(deps: DomainDeps, state: WorkRequest, entries: OutboxEntry[], registration: Uint8Array, now: Date): Promise<StatementResult> {
  const tenantId = state.scope?.tenantId ?? "";
  const repositoryId = state.scope?.repositoryId ?? "";
  const { rows } = await sql<StatementResult>`
    with reg as (
      select snapshot from repository where tenant_id = ${tenantId} and repository_id = ${repositoryId}
    ), existing as (
      select snapshot from work_request where tenant_id = ${tenantId} and client_request_id = ${state.clientRequestId}
    ), ins as (
      insert into work_request (tenant_id, work_request_id, client_request_id, repository_id, status, version, snapshot, updated_at, lease_expires_at)
      select ${tenantId}, ${state.workRequestId}, ${state.clientRequestId}, ${repositoryId}, ${WorkStatus[state.status]}, 1,
             ${Buffer.from(toBinary(WorkRequestSchema, state))}, ${now}, null
      where exists (select 1 from reg where reg.snapshot = ${Buffer.from(registration)}) and not exists (select 1 from existing)
      on conflict do nothing
      returning 1
    ), out as (
      insert into outbox (topic, partition_key, message_id, type_name, payload, headers)
      select * from unnest(
        ${entries.map((e) => e.topic)}::text[], ${entries.map((e) => e.partitionKey)}::text[], ${entries.map((e) => e.messageId)}::text[],
        ${entries.map((e) => e.typeName)}::text[], ${entries.map((e) => Buffer.from(e.payload))}::bytea[],
        ${entries.map((e) => JSON.stringify(e.headers))}::jsonb[])
      where exists (select 1 from ins)
    )
    select (select snapshot from reg) as registration, exists (select 1 from ins) as inserted, (select snapshot from existing) as existing`.execute(deps.db);
  const row = rows[0];
  if (row === undefined) throw new Error("the RequestWork statement returned no row");
  return row;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | undefined): boolean {
  if (a === null || b === undefined) return a === null && b === undefined;
  return Buffer.from(a).equals(Buffer.from(b));
}
