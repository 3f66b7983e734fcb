import { fromBinary, toBinary } from "@bufbuild/protobuf";
import type { Kysely } from "kysely";
import { type Repository, RepositorySchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";
import type { DomainDatabase } from "./domain-database.js";

/** Registers (or replaces) a repository of its scope's tenant. */
export async function saveRepository(db: Kysely<DomainDatabase>, repository: Repository, now: Date): Promise<void> {
  const row = {
    tenant_id: repository.scope?.tenantId ?? "",
    repository_id: repository.scope?.repositoryId ?? "",
    snapshot: toBinary(RepositorySchema, repository),
    updated_at: now,
  };
  await db
    .insertInto("repository")
    .values(row)
    .onConflict((c) => c.columns(["tenant_id", "repository_id"]).doUpdateSet({ snapshot: row.snapshot, updated_at: now }))
    .execute();
}

/** The stored bytes of a registration (what RequestWork's statement compares), if there is one. */
export async function findRepositorySnapshot(db: Kysely<DomainDatabase>, tenantId: string, repositoryId: string): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom("repository")
    .select("snapshot")
    .where("tenant_id", "=", tenantId)
    .where("repository_id", "=", repositoryId)
    .executeTakeFirst();
  return row?.snapshot;
}

/** Every registration of a tenant, by repository id. */
export async function listRepositories(db: Kysely<DomainDatabase>, tenantId: string): Promise<Repository[]> {
  const rows = await db.selectFrom("repository").select("snapshot").where("tenant_id", "=", tenantId).orderBy("repository_id").execute();
  return rows.map((r) => fromBinary(RepositorySchema, r.snapshot));
}

/** Removes a registration; false when there was none. */
export async function removeRepository(db: Kysely<DomainDatabase>, tenantId: string, repositoryId: string): Promise<boolean> {
  const result = await db.deleteFrom("repository").where("tenant_id", "=", tenantId).where("repository_id", "=", repositoryId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
