import type { Kysely } from "kysely";
import type { FactTopicName } from "@ameide/contracts";
import { startFactConsumer, type TopicConsumer } from "@ameide/eventing";
import type { Logger } from "@ameide/service-kit";
import { applyFact } from "./apply-fact.js";
import type { ColumnMapping } from "./card-view.js";
import type { ProjectionDatabase } from "./projection-database.js";

/** The topics the board is folded from. */
export const projectedTopics: FactTopicName[] = [
  "transformation.process.facts.v1",
  "transformation.work.domain.facts.v1",
  "transformation.knowledge.domain.facts.v1",
];

/** The projection's consumer group prefix (a rebuild uses a fresh one); one group per topic. */
export const projectionGroupId = "transformation-projection.v1";

/** The consumer group of one projected topic (groups are per topic: one subscription each). */
export function projectionGroupFor(groupId: string, topic: FactTopicName): string {
  return `${groupId}.${topic}`;
}

/** Consumes the fact topics into the read model; each record applied in its own transaction. */
export async function startProjectionConsumers(options: {
  db: Kysely<ProjectionDatabase>;
  brokers: string;
  groupId?: string;
  logger: Logger;
}): Promise<TopicConsumer[]> {
  const mappings = new Map<string, ColumnMapping>();
  const mappingFor = async (processDefinitionId: string): Promise<ColumnMapping> => {
    const cached = mappings.get(processDefinitionId);
    if (cached !== undefined) return cached;
    const rows = await options.db
      .selectFrom("column_mapping")
      .select(["phase_key", "column_key"])
      .where("process_definition_id", "=", processDefinitionId)
      .execute();
    const mapping = new Map(rows.map((r) => [r.phase_key, r.column_key]));
    mappings.set(processDefinitionId, mapping);
    return mapping;
  };
  return Promise.all(
    projectedTopics.map((topic) =>
      startFactConsumer(
        { brokers: options.brokers, topic, groupId: projectionGroupFor(options.groupId ?? projectionGroupId, topic), concurrency: 3, log: options.logger },
        async (message, delivery) => {
          await applyFact(options.db, { topic, partition: delivery.partition, offset: delivery.offset, payload: delivery.value, message }, mappingFor);
        },
      ),
    ),
  );
}
