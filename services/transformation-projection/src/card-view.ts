import { create } from "@bufbuild/protobuf";
import {
  type ArtifactView,
  type Card,
  CardSchema,
  CardWaitSchema,
  ColumnKind,
  Outcome,
  WaitKind,
  type WorkItemView,
} from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { AwaitingKind } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { ElementStatus } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_element_pb";
import { ActionKind, WorkKind, type WorkOutcome } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { CardFacts } from "./card-facts.js";

/** Phase -> column of one process definition (projection-owned mapping data). */
export type ColumnMapping = ReadonlyMap<string, string>;

const columnKinds: ReadonlyMap<string, ColumnKind> = new Map([
  ["intake", ColumnKind.INTAKE],
  ["triage", ColumnKind.TRIAGE],
  ["awaiting_approval", ColumnKind.AWAITING_APPROVAL],
  ["execution", ColumnKind.EXECUTION],
  ["release", ColumnKind.RELEASE],
  ["done", ColumnKind.DONE],
  ["failed", ColumnKind.FAILED],
]);

/** The enum of a column key; UNSPECIFIED for a key outside the platform's columns. */
export function columnKindOf(columnKey: string): ColumnKind {
  return columnKinds.get(columnKey) ?? ColumnKind.UNSPECIFIED;
}

const waitKinds: Record<AwaitingKind, WaitKind> = {
  [AwaitingKind.UNSPECIFIED]: WaitKind.UNSPECIFIED,
  [AwaitingKind.APPROVAL]: WaitKind.APPROVAL,
  [AwaitingKind.RELEASE_APPROVAL]: WaitKind.RELEASE_APPROVAL,
  [AwaitingKind.EXTERNAL_WORK]: WaitKind.EXTERNAL_WORK,
  [AwaitingKind.DEPENDENCY]: WaitKind.DEPENDENCY,
};

const outcomes: Record<string, Outcome> = {
  completed: Outcome.COMPLETED,
  failed: Outcome.FAILED,
  rejected: Outcome.REJECTED,
  cancelled: Outcome.CANCELLED,
};

/**
 * The card a run's facts describe. Pure: the same facts give the same card whatever order they
 * arrived in. `seq` and `updated_board_seq` are the store's business.
 */
export function cardView(cardId: string, facts: CardFacts, mapping: ColumnMapping): Card {
  const card = create(CardSchema, { cardId });
  let phase = "";
  let terminal: "" | "done" | "failed" = "";
  for (const fact of facts.process) {
    const f = fact.fact;
    card.processDefinitionId = fact.process?.processDefinitionId ?? card.processDefinitionId;
    card.initiativeId = fact.process?.initiativeId ?? card.initiativeId;
    card.repositoryId = fact.meta?.scope?.repositoryId ?? card.repositoryId;
    if (f.case === "runStarted") card.title = f.value.title;
    if (f.case === "phaseEntered") phase = f.value.phaseKey;
    if (f.case === "awaiting") {
      card.waitingFor = create(CardWaitSchema, { kind: waitKinds[f.value.kind], ref: f.value.ref });
      // The text form, kept for clients of the first v1 release.
      card.awaiting = `${AwaitingKind[f.value.kind].toLowerCase()}:${f.value.ref}`;
    }
    if (f.case === "gateDecisionRecorded" && card.waitingFor?.ref === f.value.gateRef) {
      card.waitingFor = undefined;
      card.awaiting = "";
    }
    if (f.case === "blocked") card.blockedReason = f.value.reason;
    if (f.case === "runCompleted") {
      terminal = "done";
      card.promotedDigests = { ...f.value.promotedDigests };
      card.outcome = "completed";
    }
    if (f.case === "runFailed" || f.case === "runCancelled") {
      terminal = "failed";
      card.outcomeReason = f.value.reason;
      card.outcome = f.case === "runCancelled" ? "cancelled" : /^(approval|release) rejected/.test(f.value.reason) ? "rejected" : "failed";
    }
  }
  card.phaseKey = terminal || phase || (facts.process.length > 0 ? "intake" : "");
  card.columnKey = mapping.get(card.phaseKey) ?? (terminal === "" ? "intake" : terminal);
  card.column = columnKindOf(card.columnKey);
  card.terminal = terminal !== "";
  if (card.terminal) {
    card.waitingFor = undefined;
    card.awaiting = "";
  }
  card.outcomeKind = outcomes[card.outcome] ?? Outcome.UNSPECIFIED;
  // Derived archival rule: a card leaves the default board once its run has ended.
  card.archived = card.terminal;
  card.workItems = workItems(facts);
  card.artifacts = artifacts(facts);
  return card;
}

/** A work item's status after each kind of work fact. */
const workItemStatusAfter: Readonly<Record<string, string>> = {
  workRequested: "REQUESTED",
  workStarted: "STARTED",
  workAttemptExpired: "REQUESTED",
  workCompleted: "SUCCEEDED",
  workFailed: "FAILED",
  workCanceled: "CANCELED",
};

function workItems(facts: CardFacts): WorkItemView[] {
  const items = new Map<string, WorkItemView>();
  for (const fact of facts.work) {
    const id = fact.aggregate?.id ?? "";
    const item = items.get(id) ?? {
      $typeName: "ameide_core_proto.platform.kanban.v1.WorkItemView",
      workRequestId: id,
      workKind: "",
      actionKind: "",
      status: "",
      summary: "",
      outputs: {},
      evidenceBundleId: "",
    };
    const f = fact.fact;
    const value = f.value as
      | { workKind?: WorkKind; actionKind?: ActionKind; workRequest?: { workKind: WorkKind; actionKind: ActionKind }; outcome?: WorkOutcome }
      | undefined;
    const kinds = value?.workRequest ?? value;
    if (kinds?.workKind !== undefined) item.workKind = WorkKind[kinds.workKind] ?? "";
    if (kinds?.actionKind !== undefined) item.actionKind = ActionKind[kinds.actionKind] ?? "";
    item.status = workItemStatusAfter[f.case ?? "workRequested"] ?? item.status;
    if (value?.outcome !== undefined) {
      item.summary = value.outcome.summary.split("\n")[0] ?? "";
      item.outputs = { ...value.outcome.outputs };
      item.evidenceBundleId = value.outcome.evidenceBundleId;
    }
    items.set(id, item);
  }
  // In the order the run recorded them; work not recorded yet comes last, by id.
  const recorded = facts.process.flatMap((f) => (f.fact.case === "toolRunRecorded" ? [f.fact.value.workRequestId] : []));
  const rank = (id: string) => {
    const i = recorded.indexOf(id);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...items.values()].sort((a, b) => rank(a.workRequestId) - rank(b.workRequestId) || a.workRequestId.localeCompare(b.workRequestId));
}

function artifacts(facts: CardFacts): ArtifactView[] {
  const views = new Map<string, ArtifactView>();
  for (const fact of facts.knowledge) {
    const f = fact.fact;
    if (f.case === "elementDrafted") {
      views.set(f.value.elementId, {
        $typeName: "ameide_core_proto.platform.kanban.v1.ArtifactView",
        elementId: f.value.elementId,
        title: f.value.title,
        version: f.value.elementVersion?.version ?? 0,
        status: ElementStatus[ElementStatus.DRAFT],
      });
    } else if (f.case === "elementPublished") {
      const view = views.get(f.value.elementId);
      if (view !== undefined && view.version === f.value.publishedVersion) view.status = ElementStatus[ElementStatus.PUBLISHED];
    }
  }
  return [...views.values()].sort((a, b) => a.elementId.localeCompare(b.elementId));
}
