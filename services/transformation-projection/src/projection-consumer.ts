import type { Kysely } from "kysely";
import type { FactTopicName } from "@ameide/contracts";
import { createKafka, startFactBatchConsumer, type TopicConsumer } from "@ameide/eventing";
import type { Logger } from "@ameide/service-kit";
import { applyFacts } from "./apply-fact.js";
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

/**
 * Consumes the fact topics into the read model; the records a partition has waiting are applied
 * together in one transaction (one when the topic is quiet, up to 500 under load), which also
 * stores their offsets (source_position). Every (re)join starts from those stored
 * positions, so an effect that was lost (say, with its database) is read again even when its Kafka
 * offset was committed; the group's commits only shortcut nothing here.
 */
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
      startFactBatchConsumer(
        {
          brokers: options.brokers,
          topic,
          groupId: projectionGroupFor(options.groupId ?? projectionGroupId, topic),
          concurrency: 3,
          log: options.logger,
          startAt: () => storedPositions(options.db, options.brokers, topic, projectionGroupFor(options.groupId ?? projectionGroupId, topic)),
        },
        async (batch) => {
          await applyFacts(
            options.db,
            batch.map((item) => ({ topic, partition: item.partition, offset: item.offset, payload: item.value, message: item.message })),
            mappingFor,
          );
        },
      ),
    ),
  );
}

/**
 * The next offset of every partition of `topic`: after the position stored with the last applied
 * fact; for a partition with none yet, the group's committed offset (a new demo instance starts at
 * the end), else the beginning (a rebuild into a fresh database).
 */
export async function storedPositions(
  db: Kysely<ProjectionDatabase>,
  brokers: string,
  topic: FactTopicName,
  groupId: string,
): Promise<Array<{ partition: number; offset: string }>> {
  const admin = await createKafka(brokers, "transformation-projection").admin();
  const [partitions, committed] = await Promise.all([admin.endOffsets(topic), admin.committedOffsets(groupId, topic)]).finally(() => admin.close());
  const stored = await db.selectFrom("source_position").select(["partition", "offset"]).where("topic", "=", topic).execute();
  return partitions.map(({ partition }) => {
    const position = stored.find((s) => s.partition === partition);
    if (position !== undefined) return { partition, offset: (BigInt(position.offset) + 1n).toString() };
    const commit = committed.find((c) => c.partition === partition)?.offset ?? "-1";
    return { partition, offset: commit === "-1" ? "0" : commit };
  });
}
