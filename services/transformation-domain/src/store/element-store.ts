import { fromBinary, toBinary } from "@bufbuild/protobuf";
import type { Kysely, Transaction } from "kysely";
import { type Element, ElementSchema } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_element_pb";
import type { DomainDatabase } from "./domain-database.js";

/** Loads an element of a tenant, locking it for the rest of the transaction. */
export async function loadElementForUpdate(tx: Transaction<DomainDatabase>, tenantId: string, elementId: string): Promise<Element | undefined> {
  const row = await tx
    .selectFrom("element")
    .select("snapshot")
    .where("tenant_id", "=", tenantId)
    .where("element_id", "=", elementId)
    .forUpdate()
    .executeTakeFirst();
  return row && fromBinary(ElementSchema, row.snapshot);
}

/** Reads an element within a scope (tenant and repository must both match). */
export async function readElement(
  db: Kysely<DomainDatabase> | Transaction<DomainDatabase>,
  tenantId: string,
  repositoryId: string,
  elementId: string,
): Promise<Element | undefined> {
  const row = await db
    .selectFrom("element")
    .select("snapshot")
    .where("tenant_id", "=", tenantId)
    .where("repository_id", "=", repositoryId)
    .where("element_id", "=", elementId)
    .executeTakeFirst();
  return row && fromBinary(ElementSchema, row.snapshot);
}

/** Inserts or updates an element snapshot, guarded by its aggregate version. */
export async function saveElement(tx: Transaction<DomainDatabase>, element: Element, now: Date): Promise<void> {
  const tenantId = element.scope?.tenantId ?? "";
  const values = { version: element.version.toString(), snapshot: toBinary(ElementSchema, element), updated_at: now };
  const previous = (element.version - 1n).toString();
  const result = await tx
    .insertInto("element")
    .values({ ...values, tenant_id: tenantId, element_id: element.elementId, repository_id: element.scope?.repositoryId ?? "" })
    .onConflict((oc) => oc.columns(["tenant_id", "element_id"]).doUpdateSet(values).where("element.version", "=", previous))
    .executeTakeFirst();
  if (result.numInsertedOrUpdatedRows !== 1n) throw new Error(`element ${element.elementId}: concurrent write at version ${element.version}`);
}
