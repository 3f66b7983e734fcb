import { createHash } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { eventMetaFromCommand, partitionKey } from "@ameide/contracts";
import { appendToOutbox, outboxEntry } from "@ameide/eventing";
import type { Element } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_element_pb";
import { TransformationKnowledgeDomainFactSchema } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_facts_pb";
import {
  DraftElementRequestSchema,
  PublishElementRequestSchema,
} from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import type { DomainDeps } from "../domain-deps.js";
import { inTransaction } from "../in-transaction.js";
import { loadElementForUpdate, saveElement } from "../store/element-store.js";
import { requireContext } from "../require-context.js";
import { commandFingerprint, findProcessed, recordProcessed } from "../store/processed-commands.js";
import { decideElement, type ElementCommand, evolveElement } from "./element-decider.js";

/** The element after a command; `deduplicated` when the command was a repeat. */
export interface ElementCommandResult {
  readonly element: Element;
  readonly deduplicated: boolean;
}

/** Loads, decides, saves and queues the element's facts in one transaction. */
export function executeElementCommand(deps: DomainDeps, command: ElementCommand): Promise<ElementCommandResult> {
  const scope = command.context?.scope;
  const tenantId = scope?.tenantId ?? "";
  const schema = command.$typeName === "ameide_core_proto.transformation.knowledge.v1.DraftElementRequest" ? DraftElementRequestSchema : PublishElementRequestSchema;
  const key = { tenantId, command: command.$typeName, idempotencyKey: command.idempotencyKey, fingerprint: commandFingerprint(schema, command as never) };
  const contentSha256 = "content" in command ? createHash("sha256").update(command.content).digest("hex") : "";
  return inTransaction(deps, async (tx) => {
    const now = deps.clock();
    let state = await loadElementForUpdate(tx, tenantId, command.elementId);
    if (state !== undefined && (await findProcessed(tx, key)) !== undefined) return { element: state, deduplicated: true };
    const facts = decideElement(command, state, { now: timestampFromDate(now), contentSha256 });
    if (facts.length === 0 && state !== undefined) return { element: state, deduplicated: true };
    const entries = [];
    for (const fact of facts) {
      state = evolveElement(state, fact, scope);
      const meta = eventMetaFromCommand(requireContext(command.context), {
        messageId: `element/${tenantId}/${state.elementId}/${state.version}`,
        occurredAt: now,
        producer: deps.producer,
        subject: `element/${state.elementId}`,
        causationId: command.context?.causationId || command.idempotencyKey,
      });
      meta.correlationId ||= command.$typeName === "ameide_core_proto.transformation.knowledge.v1.DraftElementRequest" ? command.draftedByProcessInstanceId : "";
      const message = create(TransformationKnowledgeDomainFactSchema, { meta, aggregate: { type: "Element", id: state.elementId, version: state.version }, fact });
      entries.push(outboxEntry("transformation.knowledge.domain.facts.v1", message, partitionKey(tenantId, state.elementId)));
    }
    if (state === undefined) throw new Error("a command without facts on a missing element");
    await saveElement(tx, state, now);
    await appendToOutbox(tx, entries);
    await recordProcessed(tx, key, state.elementId);
    return { element: state, deduplicated: false };
  });
}
