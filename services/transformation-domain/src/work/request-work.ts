import { fromBinary } from "@bufbuild/protobuf";
import type { OutboxEntry } from "@ameide/eventing";
import { type WorkRequest, WorkRequestSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { RequestWorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import type { DomainDeps } from "../domain-deps.js";
import { checkRegistration } from "../repository/registered-work.js";
import { findRepositorySnapshot } from "../store/repository-store.js";
import { decideWork, evolveWork, type WorkDecideContext } from "./work-decider.js";

/** What the outbox rows of a command are, given the state after it (see work-command-handler). */
export type OutboxRowsOf = (command: RequestWorkRequest, state: WorkRequest, fact: ReturnType<typeof decideWork>[number], now: Date) => OutboxEntry[];

/**
 * RequestWork in one round trip. The decider runs first, as if the key were new; then a single
 * statement (its own transaction, shared with concurrent RequestWorks: see request-work-writes) checks the registration, inserts the WorkRequest unless the
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
  const readStored = async () => hints.set(tenantId, repositoryId, await findRepositorySnapshot(deps.db, tenantId, repositoryId));
  let cached = hints.get(tenantId, repositoryId);
  let registration = cached ?? (await readStored());
  for (let round = 0; round < 5; round++) {
    let checked: RequestWorkRequest;
    try {
      checked = checkRegistration(command, registration.repository);
    } catch (refusal) {
      // A hint can be stale either way: refuse only on the registration as stored now (it may
      // have been added or widened since this process read it).
      if (cached === undefined) throw refusal;
      cached = undefined;
      registration = await readStored();
      continue;
    }
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
    const result = await deps.requestWorkWrites.write({ state, entries, registration: registration.snapshot ?? new Uint8Array(), now });
    if (!sameBytes(result.registration, registration.snapshot)) {
      cached = undefined;
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

function sameBytes(a: Uint8Array | null, b: Uint8Array | undefined): boolean {
  if (a === null || b === undefined) return a === null && b === undefined;
  return Buffer.from(a).equals(Buffer.from(b));
}
