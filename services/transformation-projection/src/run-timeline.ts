import { create } from "@bufbuild/protobuf";
import { type TimelineEntry, TimelineEntrySchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { GateDecision, type TransformationProcessFact } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import type { TransformationKnowledgeDomainFact } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_facts_pb";
import type { TransformationWorkDomainFact } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import type { CardFacts } from "./card-facts.js";

/**
 * A run's timeline in process order (run_epoch, seq). A work item's domain facts (joined by the
 * WorkRequest's provenance) come right before the process fact that recorded it; draft-artifact
 * facts come after the phase that drafted them (triage). Each entry cites its fact's message_id.
 */
export function runTimeline(facts: CardFacts): TimelineEntry[] {
  const workById = new Map<string, TransformationWorkDomainFact[]>();
  for (const f of facts.work) workById.set(f.aggregate?.id ?? "", [...(workById.get(f.aggregate?.id ?? "") ?? []), f]);
  const entries: TimelineEntry[] = [];
  let knowledgePlaced = false;
  for (const fact of facts.process) {
    if (fact.fact.case === "toolRunRecorded") {
      const id = fact.fact.value.workRequestId;
      for (const w of workById.get(id) ?? []) entries.push(workEntry(w));
      workById.delete(id);
    }
    entries.push(processEntry(fact));
    if (!knowledgePlaced && fact.fact.case === "phaseEntered" && fact.fact.value.phaseKey === "triage") {
      entries.push(...facts.knowledge.map(knowledgeEntry));
      knowledgePlaced = true;
    }
  }
  for (const id of [...workById.keys()].sort()) for (const w of workById.get(id) ?? []) entries.push(workEntry(w));
  if (!knowledgePlaced) entries.push(...facts.knowledge.map(knowledgeEntry));
  return entries;
}

function processEntry(fact: TransformationProcessFact): TimelineEntry {
  const f = fact.fact;
  const entry = create(TimelineEntrySchema, {
    messageId: fact.meta?.messageId ?? "",
    sourceTopic: "transformation.process.facts.v1",
    runEpoch: fact.process?.runEpoch ?? 0n,
    seq: fact.process?.seq ?? 0n,
    factType: variantName(f.case),
    occurredAt: fact.meta?.occurredAt,
  });
  switch (f.case) {
    case "phaseEntered":
      entry.phaseKey = f.value.phaseKey;
      entry.summary = `entered ${f.value.phaseKey}`;
      break;
    case "awaiting":
      entry.summary = `awaiting ${f.value.ref}: ${f.value.description}`;
      break;
    case "gateDecisionRecorded":
      entry.summary = `${f.value.gateRef} decided (${GateDecision[f.value.decision].toLowerCase()})${f.value.comment ? `: ${f.value.comment}` : ""}`;
      break;
    case "toolRunRecorded":
      entry.workRequestId = f.value.workRequestId;
      entry.summary = f.value.summary.split("\n")[0] ?? "";
      entry.evidenceRefs = [f.value.evidenceBundleId, ...f.value.evidenceRefs.map((r) => r.uri)].filter((r) => r !== "");
      break;
    case "runCompleted":
      entry.summary = `completed; promoted ${
        Object.entries(f.value.promotedDigests)
          .map(([env, d]) => `${env}=${d}`)
          .join(", ") || "nothing"
      }`;
      entry.evidenceRefs = f.value.evidenceRefs.map((r) => r.uri);
      break;
    case "runFailed":
      entry.summary = `failed: ${f.value.reason}`;
      entry.workRequestId = f.value.failedWorkRequestId;
      entry.evidenceRefs = f.value.evidenceRefs.map((r) => r.uri);
      break;
    case "runCancelled":
      entry.summary = `cancelled: ${f.value.reason}`;
      break;
    case "runStarted":
      entry.summary = f.value.title;
      break;
  }
  return entry;
}

function workEntry(fact: TransformationWorkDomainFact): TimelineEntry {
  const value = fact.fact.value as { outcome?: { summary: string; evidenceBundleId: string } } | undefined;
  return create(TimelineEntrySchema, {
    messageId: fact.meta?.messageId ?? "",
    sourceTopic: "transformation.work.domain.facts.v1",
    factType: variantName(fact.fact.case),
    workRequestId: fact.aggregate?.id ?? "",
    summary: value?.outcome?.summary.split("\n")[0] ?? "",
    evidenceRefs: value?.outcome?.evidenceBundleId ? [value.outcome.evidenceBundleId] : [],
    occurredAt: fact.meta?.occurredAt,
  });
}

function knowledgeEntry(fact: TransformationKnowledgeDomainFact): TimelineEntry {
  const f = fact.fact;
  return create(TimelineEntrySchema, {
    messageId: fact.meta?.messageId ?? "",
    sourceTopic: "transformation.knowledge.domain.facts.v1",
    factType: variantName(f.case),
    summary:
      f.case === "elementDrafted"
        ? `drafted ${f.value.title} v${f.value.elementVersion?.version ?? 0}`
        : f.case === "elementPublished"
          ? `published v${f.value.publishedVersion}`
          : "",
    occurredAt: fact.meta?.occurredAt,
  });
}

/** "phaseEntered" -> "PhaseEntered": the contract's message name. */
function variantName(name: string | undefined): string {
  return name === undefined ? "" : name[0]!.toUpperCase() + name.slice(1);
}
