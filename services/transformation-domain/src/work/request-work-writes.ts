import { type Kysely, sql } from "kysely";
import type { OutboxEntry } from "@ameide/eventing";
import { toBinary } from "@bufbuild/protobuf";
import { type WorkRequest, WorkRequestSchema, WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { DomainDatabase } from "../store/domain-database.js";

/** A new WorkRequest as decided, with its outbox rows and the registration it was checked against. */
export interface NewWorkRequest {
  readonly state: WorkRequest;
  readonly entries: readonly OutboxEntry[];
  /** The repository registration's bytes the command was checked against. */
  readonly registration: Uint8Array;
  readonly now: Date;
}

/** What the statement found for one new WorkRequest. */
export interface WriteResult {
  /** The registration's bytes as stored now (null: not registered). */
  readonly registration: Uint8Array | null;
  /** True when the registration matched and the new WorkRequest and its outbox rows were written. */
  readonly inserted: boolean;
  /** The WorkRequest this client key created earlier, if any. */
  readonly existing: Uint8Array | null;
}

/** Writes new WorkRequests; concurrent writes share statements. */
export interface RequestWorkWrites {
  write(request: NewWorkRequest): Promise<WriteResult>;
}

/** At most this many WorkRequests per statement... */
const maxBatch = 64;
/** ...and about this many bytes of snapshots and outbox payloads (a larger write goes alone). */
const maxBatchBytes = 1024 * 1024;
/** Statements in flight at once; writes that arrive meanwhile wait and go together in the next. */
const maxInFlight = 2;

interface Waiting {
  readonly request: NewWorkRequest;
  /** The WorkRequest's encoding, as stored. */
  readonly snapshot: Uint8Array;
  readonly bytes: number;
  readonly key: string;
  resolve(result: WriteResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for RequestWork. A write goes out at once while fewer than `maxInFlight` statements
 * are running, so a lone caller waits for nothing; under load the writes that queue up behind the
 * running statements go together in one statement and one transaction, which is one plan, one
 * commit and one outbox notification for all of them, up to `maxBatch` writes and `maxBatchBytes`
 * of data. A statement holds each tenant's client key
 * once (a repeat waits for the next one, where it finds the first). If a shared statement fails,
 * none of it was written, and each of its writes is tried again alone, so one bad write fails
 * only its own caller.
 */
export function createRequestWorkWrites(db: Kysely<DomainDatabase>): RequestWorkWrites {
  const queue: Waiting[] = [];
  let inFlight = 0;

  function pump(): void {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = takeBatch();
      inFlight++;
      void run(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  function takeBatch(): Waiting[] {
    const batch: Waiting[] = [];
    const keys = new Set<string>();
    let bytes = 0;
    for (let i = 0; i < queue.length && batch.length < maxBatch; ) {
      const waiting = queue[i] as Waiting;
      if (keys.has(waiting.key) || (batch.length > 0 && bytes + waiting.bytes > maxBatchBytes)) {
        i++;
        continue;
      }
      keys.add(waiting.key);
      bytes += waiting.bytes;
      batch.push(waiting);
      queue.splice(i, 1);
    }
    return batch;
  }

  async function run(batch: Waiting[]): Promise<void> {
    try {
      const results = await writeBatch(db, batch);
      batch.forEach((w, i) => w.resolve(results[i] as WriteResult));
    } catch (error) {
      if (batch.length === 1) return batch[0]?.reject(error);
      await Promise.all(
        batch.map((w) =>
          writeBatch(db, [w]).then(
            (r) => w.resolve(r[0] as WriteResult),
            (e: unknown) => w.reject(e),
          ),
        ),
      );
    }
  }

  return {
    write(request) {
      return new Promise<WriteResult>((resolve, reject) => {
        const tenantId = request.state.scope?.tenantId ?? "";
        const snapshot = toBinary(WorkRequestSchema, request.state);
        const bytes = request.entries.reduce((n, e) => n + e.payload.byteLength, snapshot.byteLength);
        queue.push({ request, snapshot, bytes, key: `${tenantId}\u0000${request.state.clientRequestId}`, resolve, reject });
        pump();
      });
    },
  };
}

/**
 * One statement (its own transaction) for every request of the batch: each registration is
 * checked against the bytes its command was decided with, each WorkRequest is inserted unless its
 * tenant's client key exists, and outbox rows are written, in order, only for those inserted.
 */
async function writeBatch(db: Kysely<DomainDatabase>, batch: readonly Waiting[]): Promise<WriteResult[]> {
  const requests = batch.map((w) => w.request);
  const states = requests.map((r) => r.state);
  const rows = requests.flatMap((r, i) => r.entries.map((e) => ({ item: i + 1, entry: e })));
  const { rows: results } = await sql<WriteResult & { i: string }>`
    with item as (
      select * from unnest(
        ${states.map((s) => s.scope?.tenantId ?? "")}::text[], ${states.map((s) => s.workRequestId)}::text[],
        ${states.map((s) => s.clientRequestId)}::text[], ${states.map((s) => s.scope?.repositoryId ?? "")}::text[],
        ${states.map((s) => WorkStatus[s.status])}::text[],
        ${batch.map((w) => Buffer.from(w.snapshot))}::bytea[],
        ${requests.map((r) => Buffer.from(r.registration))}::bytea[], ${requests.map((r) => r.now.toISOString())}::timestamptz[]
      ) with ordinality as t(tenant_id, work_request_id, client_request_id, repository_id, status, snapshot, checked_registration, updated_at, i)
    ), reg as (
      select item.i, r.snapshot from item join repository r on r.tenant_id = item.tenant_id and r.repository_id = item.repository_id
    ), existing as (
      select item.i, w.snapshot from item join work_request w on w.tenant_id = item.tenant_id and w.client_request_id = item.client_request_id
    ), ins as (
      insert into work_request (tenant_id, work_request_id, client_request_id, repository_id, status, version, snapshot, updated_at, lease_expires_at)
      select tenant_id, work_request_id, client_request_id, repository_id, status, 1, snapshot, updated_at, null from item
      where exists (select 1 from reg where reg.i = item.i and reg.snapshot = item.checked_registration)
        and not exists (select 1 from existing where existing.i = item.i)
      order by item.i
      on conflict do nothing
      returning tenant_id, client_request_id
    ), inserted as (
      select item.i from item join ins on ins.tenant_id = item.tenant_id and ins.client_request_id = item.client_request_id
    ), out as (
      insert into outbox (topic, partition_key, message_id, type_name, payload, headers)
      select o.topic, o.partition_key, o.message_id, o.type_name, o.payload, o.headers
      from unnest(
        ${rows.map((r) => r.item)}::int[], ${rows.map((r) => r.entry.topic)}::text[], ${rows.map((r) => r.entry.partitionKey)}::text[],
        ${rows.map((r) => r.entry.messageId)}::text[], ${rows.map((r) => r.entry.typeName)}::text[],
        ${rows.map((r) => Buffer.from(r.entry.payload))}::bytea[], ${rows.map((r) => JSON.stringify(r.entry.headers))}::jsonb[]
      ) with ordinality as o(i, topic, partition_key, message_id, type_name, payload, headers, n)
      where o.i in (select i from inserted)
      order by o.n
    )
    select item.i,
      (select snapshot from reg where reg.i = item.i) as registration,
      exists (select 1 from inserted where inserted.i = item.i) as inserted,
      (select snapshot from existing where existing.i = item.i) as existing
    from item order by item.i`.execute(db);
  if (results.length !== requests.length) throw new Error(`the RequestWork statement answered ${results.length} of ${requests.length} requests`);
  return results;
}
