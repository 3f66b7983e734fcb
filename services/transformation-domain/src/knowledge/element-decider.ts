import { clone, create } from "@bufbuild/protobuf";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { Scope } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import { type Element, ElementSchema, ElementStatus } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_element_pb";
import type { TransformationKnowledgeDomainFact } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_facts_pb";
import type {
  DraftElementRequest,
  PublishElementRequest,
} from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import { DomainError } from "../domain-error.js";

/** One fact variant of the Element aggregate. */
export type ElementFact = Exclude<TransformationKnowledgeDomainFact["fact"], { case: undefined }>;

/** The commands of the Element aggregate. */
export type ElementCommand = DraftElementRequest | PublishElementRequest;

/** Inputs the decider must not make up itself. */
export interface ElementDecideContext {
  readonly now: Timestamp;
  /** SHA-256 (hex) of the draft content, computed by the adapter. */
  readonly contentSha256: string;
}

/** Decides which facts a command produces (empty = nothing to do). */
export function decideElement(command: ElementCommand, state: Element | undefined, ctx: ElementDecideContext): ElementFact[] {
  switch (command.$typeName) {
    case "ameide_core_proto.transformation.knowledge.v1.DraftElementRequest":
      return draftElement(command, state, ctx);
    case "ameide_core_proto.transformation.knowledge.v1.PublishElementRequest":
      return publishElement(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unhandled command ${(unknown as { $typeName: string }).$typeName}`);
    }
  }
}

function draftElement(command: DraftElementRequest, state: Element | undefined, ctx: ElementDecideContext): ElementFact[] {
  if (state !== undefined && command.elementKind !== "" && command.elementKind !== state.elementKind) {
    throw new DomainError(
      "failed_precondition",
      `element ${state.elementId} is a "${state.elementKind}", not a "${command.elementKind}"; use another element_id`,
    );
  }
  const latest = state?.versions.at(-1);
  // Drafting exactly what the latest version holds is a retry, not a new version.
  if (latest !== undefined && latest.contentSha256 === ctx.contentSha256 && (command.title === "" || command.title === state?.title)) {
    return [];
  }
  return [
    {
      case: "elementDrafted",
      value: {
        $typeName: "ameide_core_proto.transformation.knowledge.v1.ElementDrafted",
        elementId: command.elementId,
        elementKind: state?.elementKind || command.elementKind,
        title: command.title || state?.title || "",
        initiativeId: state?.initiativeId || command.initiativeId,
        elementVersion: {
          $typeName: "ameide_core_proto.transformation.knowledge.v1.ElementVersion",
          version: (state?.latestVersion ?? 0) + 1,
          status: ElementStatus.DRAFT,
          content: command.content,
          contentSha256: ctx.contentSha256,
          mediaType: command.mediaType || "text/markdown",
          createdAt: ctx.now,
          draftedByProcessInstanceId: command.draftedByProcessInstanceId,
        },
      },
    },
  ];
}

function publishElement(command: PublishElementRequest, state: Element | undefined): ElementFact[] {
  if (state === undefined) {
    throw new DomainError("not_found", `element_id "${command.elementId}" does not exist in this scope; draft it first`);
  }
  const version = state.versions.find((v) => v.version === command.version);
  if (version === undefined) {
    throw new DomainError("failed_precondition", `element ${state.elementId} has no version ${command.version}; the latest is ${state.latestVersion}`);
  }
  if (version.status === ElementStatus.PUBLISHED) return [];
  return [
    {
      case: "elementPublished",
      value: {
        $typeName: "ameide_core_proto.transformation.knowledge.v1.ElementPublished",
        elementId: state.elementId,
        publishedVersion: version.version,
        contentSha256: version.contentSha256,
      },
    },
  ];
}

/** Applies a fact; `scope` is the envelope scope, used when the fact creates the element. */
export function evolveElement(state: Element | undefined, fact: ElementFact, scope: Scope | undefined): Element {
  const next = state === undefined ? create(ElementSchema, { scope, version: 0n }) : clone(ElementSchema, state);
  next.version += 1n;
  switch (fact.case) {
    case "elementDrafted": {
      const drafted = fact.value;
      Object.assign(next, { elementId: drafted.elementId, elementKind: drafted.elementKind, title: drafted.title, initiativeId: drafted.initiativeId });
      if (drafted.elementVersion !== undefined) {
        next.versions.push(drafted.elementVersion);
        next.latestVersion = drafted.elementVersion.version;
      }
      next.status = ElementStatus.DRAFT;
      break;
    }
    case "elementPublished":
      for (const v of next.versions) {
        if (v.version === fact.value.publishedVersion) v.status = ElementStatus.PUBLISHED;
      }
      next.status = next.versions.at(-1)?.status ?? ElementStatus.DRAFT;
      break;
    default: {
      const unknown: never = fact;
      throw new Error(`unhandled fact ${(unknown as { case: string }).case}`);
    }
  }
  return next;
}
