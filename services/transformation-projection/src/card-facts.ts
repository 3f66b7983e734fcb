import { decodeFromTopic, type FactTopicName, type TopicMessage } from "@ameide/contracts";
import type { TransformationProcessFact } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import type { TransformationKnowledgeDomainFact } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_facts_pb";
import type { TransformationWorkDomainFact } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";

/** All facts of one card, decoded and in canonical order (never by timestamps). */
export interface CardFacts {
  /** By (run_epoch, seq). */
  readonly process: TransformationProcessFact[];
  /** By (work_request_id, aggregate version). */
  readonly work: TransformationWorkDomainFact[];
  /** By (element_id, aggregate version). */
  readonly knowledge: TransformationKnowledgeDomainFact[];
}

/** A stored fact: the topic it came from and its bytes. */
export interface StoredFact {
  readonly sourceTopic: string;
  readonly payload: Uint8Array;
}

/** Decodes and orders a card's facts; the result depends only on the set, not on arrival order. */
export function cardFacts(stored: readonly StoredFact[]): CardFacts {
  const process: TransformationProcessFact[] = [];
  const work: TransformationWorkDomainFact[] = [];
  const knowledge: TransformationKnowledgeDomainFact[] = [];
  for (const fact of stored) {
    const message = decodeFromTopic(fact.sourceTopic as FactTopicName, fact.payload) as TopicMessage<FactTopicName>;
    switch (message.$typeName) {
      case "ameide_core_proto.process.transformation.v1.TransformationProcessFact":
        process.push(message);
        break;
      case "ameide_core_proto.transformation.work.v1.TransformationWorkDomainFact":
        work.push(message);
        break;
      case "ameide_core_proto.transformation.knowledge.v1.TransformationKnowledgeDomainFact":
        knowledge.push(message);
        break;
    }
  }
  process.sort((a, b) => compare(a.process?.runEpoch ?? 0n, b.process?.runEpoch ?? 0n) || compare(a.process?.seq ?? 0n, b.process?.seq ?? 0n));
  const byAggregate = (a: { aggregate?: { id: string; version: bigint } }, b: { aggregate?: { id: string; version: bigint } }) =>
    (a.aggregate?.id ?? "").localeCompare(b.aggregate?.id ?? "") || compare(a.aggregate?.version ?? 0n, b.aggregate?.version ?? 0n);
  work.sort(byAggregate);
  knowledge.sort(byAggregate);
  return { process, work, knowledge };
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
