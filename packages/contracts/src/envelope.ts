import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  type EventMeta,
  EventMetaSchema,
  type CommandContext,
  type ScopeSchema,
} from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";

/** Schema version stamped on every v1 message until a compatible minor change bumps it. */
export const schemaVersionV1 = "1.0.0";

/** What a producer knows when it builds an envelope; time and id are inputs, never read here. */
export interface EventMetaInit {
  messageId: string;
  occurredAt: Date;
  producer: string;
  scope: MessageInitShape<typeof ScopeSchema>;
  correlationId?: string;
  causationId?: string;
  subject?: string;
  schemaVersion?: string;
}

/** Builds the envelope carried at field 1 of every bus message. */
export function createEventMeta(init: EventMetaInit): EventMeta {
  return create(EventMetaSchema, {
    messageId: init.messageId,
    schemaVersion: init.schemaVersion ?? schemaVersionV1,
    occurredAt: timestampFromDate(init.occurredAt),
    producer: init.producer,
    scope: init.scope,
    correlationId: init.correlationId ?? "",
    causationId: init.causationId ?? "",
    subject: init.subject ?? "",
  });
}

/** Builds an envelope that inherits scope, correlation, actor and trace from a command. */
export function eventMetaFromCommand(context: CommandContext, init: Omit<EventMetaInit, "scope" | "correlationId">): EventMeta {
  if (context.scope === undefined) {
    throw new Error("command context has no scope");
  }
  const meta = createEventMeta({ ...init, scope: context.scope, correlationId: context.correlationId });
  meta.actor = context.actor;
  meta.trace = context.trace;
  return meta;
}

/**
 * Kafka record key of a message: `{tenant_id}/{aggregate_id}`, so one aggregate's messages land
 * on one partition and stay ordered.
 */
export function partitionKey(tenantId: string, aggregateId: string): string {
  return `${tenantId}/${aggregateId}`;
}
