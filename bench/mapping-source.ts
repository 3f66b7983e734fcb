import type { Kysely } from "kysely";
import type { ColumnMapping } from "@ameide/transformation-projection";
import type { MappingSource } from "@ameide/transformation-projection";
import type { ProjectionDatabase } from "@ameide/transformation-projection";

/** The column mapping read from the database once per process definition, as the projection's consumer does. */
export function cachedMappingSource(db: Kysely<ProjectionDatabase>): MappingSource {
  const mappings = new Map<string, Promise<ColumnMapping>>();
  return (processDefinitionId) => {
    let mapping = mappings.get(processDefinitionId);
    if (mapping === undefined) {
      mapping = db
        .selectFrom("column_mapping")
        .select(["phase_key", "column_key"])
        .where("process_definition_id", "=", processDefinitionId)
        .execute()
        .then((rows) => new Map(rows.map((r) => [r.phase_key, r.column_key])));
      mappings.set(processDefinitionId, mapping);
    }
    return mapping;
  };
}
