import { createHash } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { eventMetaFromCommand, partitionKey } from "@ameide/contracts";
import { type OutboxEntry, outboxEntry } from "@ameide/eventing";
import type { Element } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_element_pb";
import { TransformationKnowledgeDomainFactSchema } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_facts_pb";
import {
  DraftElementRequestSchema,
  PublishElementRequestSchema,
} from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import { type AggregateSlice, handleCommand } from "../command-pipeline.js";
import type { DomainDeps } from "../domain-deps.js";
import { loadElementForUpdate, saveElement } from "../store/element-store.js";
import { requireContext } from "../require-context.js";
import { commandFingerprint } from "../store/processed-commands.js";
import { decideElement, type ElementCommand, type ElementDecideContext, type ElementFact, evolveElement } from "./element-decider.js";

/** The element after a command; `deduplicated` when the command was a repeat. */
export interface ElementCommandResult {
  readonly element: Element;
  readonly deduplicated: boolean;
}

/** The element aggregate's slice of the command pipeline. */
function elementSlice(deps: DomainDeps): AggregateSlice<ElementCommand, Element, ElementFact, ElementDecideContext> {
  return {
    load: (tx, command) => loadElementForUpdate(tx, tenantOf(command), command.elementId),
    key: (command) => {
      const schema =
        command.$typeName === "ameide_core_proto.transformation.knowledge.v1.DraftElementRequest" ? DraftElementRequestSchema : PublishElementRequestSchema;
      return {
        tenantId: tenantOf(command),
        command: command.$typeName,
        idempotencyKey: command.idempotencyKey,
        fingerprint: commandFingerprint(schema, command as never),
      };
    },
    decideContext: (command, now) => ({
      now: timestampFromDate(now),
      contentSha256: "content" in command ? createHash("sha256").update(command.content).digest("hex") : "",
    }),
    decide: decideElement,
    evolve: (state, fact, command) => evolveElement(state, fact, command.context?.scope),
    outbox: (command, state, fact, now) => [outboxEntryFor(deps, command, state, fact, now)],
    save: saveElement,
    idOf: (state) => state.elementId,
  };
}

/** Loads, decides, saves and queues the element's facts in one transaction. */
export async function executeElementCommand(deps: DomainDeps, command: ElementCommand): Promise<ElementCommandResult> {
  const { state, deduplicated } = await handleCommand(deps, elementSlice(deps), command);
  return { element: state, deduplicated };
}

function outboxEntryFor(deps: DomainDeps, command: ElementCommand, state: Element, fact: ElementFact, now: Date): OutboxEntry {
  const tenantId = tenantOf(command);
  const meta = eventMetaFromCommand(requireContext(command.context), {
    messageId: `element/${tenantId}/${state.elementId}/${state.version}`,
    occurredAt: now,
    producer: deps.producer,
    subject: `element/${state.elementId}`,
    causationId: command.context?.causationId || command.idempotencyKey,
  });
  meta.correlationId ||= command.$typeName === "ameide_core_proto.transformation.knowledge.v1.DraftElementRequest" ? command.draftedByProcessInstanceId : "";
  const message = create(TransformationKnowledgeDomainFactSchema, { meta, aggregate: { type: "Element", id: state.elementId, version: state.version }, fact });
  return outboxEntry("transformation.knowledge.domain.facts.v1", message, partitionKey(tenantId, state.elementId));
}

function tenantOf(command: ElementCommand): string {
  return command.context?.scope?.tenantId ?? "";
}
