import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Kysely, Transaction } from "kysely";
import { type WorkRequest, WorkRequestSchema, WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { DomainDatabase } from "./domain-database.js";

type Db = Kysely<DomainDatabase> | Transaction<DomainDatabase>;

/** Loads a WorkRequest of a tenant by id, locking it for the rest of the transaction. */
export async function loadWorkRequestForUpdate(tx: Transaction<DomainDatabase>, tenantId: string, workRequestId: string): Promise<WorkRequest | undefined> {
  const row = await tx
    .selectFrom("work_request")
    .select("snapshot")
    .where("tenant_id", "=", tenantId)
    .where("work_request_id", "=", workRequestId)
    .forUpdate()
    .executeTakeFirst();
  return row && fromBinary(WorkRequestSchema, row.snapshot);
}

/** Reads a WorkRequest within a scope (tenant and repository must both match). */
export async function readWorkRequest(db: Db, tenantId: string, repositoryId: string, workRequestId: string): Promise<WorkRequest | undefined> {
  const row = await db
    .selectFrom("work_request")
    .select("snapshot")
    .where("tenant_id", "=", tenantId)
    .where("repository_id", "=", repositoryId)
    .where("work_request_id", "=", workRequestId)
    .executeTakeFirst();
  return row && fromBinary(WorkRequestSchema, row.snapshot);
}

/** Inserts a new WorkRequest or writes the next version of an existing one. */
export async function saveWorkRequest(tx: Transaction<DomainDatabase>, workRequest: WorkRequest, now: Date): Promise<void> {
  const tenantId = workRequest.scope?.tenantId ?? "";
  const values = {
    status: WorkStatus[workRequest.status],
    version: workRequest.version.toString(),
    snapshot: toBinary(WorkRequestSchema, workRequest),
    updated_at: now,
    lease_expires_at: workRequest.leaseExpiresAt === undefined ? null : timestampDate(workRequest.leaseExpiresAt),
  };
  if (workRequest.version === 1n) {
    await tx
      .insertInto("work_request")
      .values({
        ...values,
        tenant_id: tenantId,
        work_request_id: workRequest.workRequestId,
        client_request_id: workRequest.clientRequestId,
        repository_id: workRequest.scope?.repositoryId ?? "",
      })
      .execute();
    return;
  }
  const result = await tx
    .updateTable("work_request")
    .set(values)
    .where("tenant_id", "=", tenantId)
    .where("work_request_id", "=", workRequest.workRequestId)
    .where("version", "=", (workRequest.version - 1n).toString())
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new Error(`work ${workRequest.workRequestId}: concurrent write at version ${workRequest.version}`);
}

/** Started work whose lease ran out by `now`, oldest first. */
export async function expiredLeases(db: Db, now: Date, limit: number): Promise<WorkRequest[]> {
  const rows = await db
    .selectFrom("work_request")
    .select("snapshot")
    .where("status", "=", "STARTED")
    .where("lease_expires_at", "<=", now)
    .orderBy("lease_expires_at")
    .limit(limit)
    .execute();
  return rows.map((r) => fromBinary(WorkRequestSchema, r.snapshot));
}
