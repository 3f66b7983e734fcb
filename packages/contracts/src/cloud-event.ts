import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { create, type DescMessage, type Message } from "@bufbuild/protobuf";
import { ActorKind, type EventMeta, EventMetaSchema } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";

/** CloudEvents 1.0 context attributes of an envelope; extensions carry the rest losslessly. */
export interface CloudEventAttributes {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  /** The record value's message: "urn:ameide:proto:" + its full protobuf name. */
  dataschema: string;
  dataschemaversion: string;
  tenantid: string;
  organizationid: string;
  repositoryid: string;
  correlationid?: string;
  causationid?: string;
  traceparent?: string;
  tracestate?: string;
  actorid?: string;
  actorkind?: string;
  actorname?: string;
}

/** The `dataschema` of a record whose value is the message `typeName`. */
export function dataschemaOf(typeName: string): string {
  return `urn:ameide:proto:${typeName}`;
}

/**
 * The CloudEvents `type` of a message: for an aggregator (a fact topic's message, one oneof of
 * variants) the full name of the variant that is set, e.g.
 * "ameide_core_proto.transformation.work.v1.WorkCompleted", so routers can filter without decoding;
 * otherwise the message's own full name.
 */
export function eventTypeOf(schema: DescMessage, message: Message): string {
  for (const oneof of schema.oneofs) {
    const selected = (message as unknown as Record<string, { case?: string } | undefined>)[oneof.localName]?.case;
    const field = oneof.fields.find((f) => f.localName === selected);
    if (field?.message !== undefined) return field.message.typeName;
  }
  return schema.typeName;
}

/**
 * Maps an envelope to CloudEvents attributes. `typeName` is the record value's message, `type`
 * the event type (see eventTypeOf; the value's message when not given).
 */
export function toCloudEvent(meta: EventMeta, typeName: string, type = typeName): CloudEventAttributes {
  const attrs: CloudEventAttributes = {
    specversion: "1.0",
    id: meta.messageId,
    source: meta.producer,
    type,
    time: meta.occurredAt ? timestampDate(meta.occurredAt).toISOString() : "",
    dataschema: dataschemaOf(typeName),
    dataschemaversion: meta.schemaVersion,
    tenantid: meta.scope?.tenantId ?? "",
    organizationid: meta.scope?.organizationId ?? "",
    repositoryid: meta.scope?.repositoryId ?? "",
  };
  setIfPresent(attrs, "subject", meta.subject);
  setIfPresent(attrs, "correlationid", meta.correlationId);
  setIfPresent(attrs, "causationid", meta.causationId);
  setIfPresent(attrs, "traceparent", meta.trace?.traceparent);
  setIfPresent(attrs, "tracestate", meta.trace?.tracestate);
  if (meta.actor !== undefined) {
    attrs.actorid = meta.actor.actorId;
    attrs.actorkind = ActorKind[meta.actor.kind] ?? String(meta.actor.kind);
    attrs.actorname = meta.actor.displayName;
  }
  return attrs;
}

/** Rebuilds the envelope from CloudEvents attributes (the inverse of toCloudEvent). */
export function fromCloudEvent(attrs: CloudEventAttributes): EventMeta {
  return create(EventMetaSchema, {
    messageId: attrs.id,
    producer: attrs.source,
    schemaVersion: attrs.dataschemaversion,
    occurredAt: timestampFromDate(new Date(attrs.time)),
    subject: attrs.subject ?? "",
    correlationId: attrs.correlationid ?? "",
    causationId: attrs.causationid ?? "",
    scope: {
      tenantId: attrs.tenantid,
      organizationId: attrs.organizationid,
      repositoryId: attrs.repositoryid,
    },
    trace:
      attrs.traceparent === undefined && attrs.tracestate === undefined
        ? undefined
        : { traceparent: attrs.traceparent ?? "", tracestate: attrs.tracestate ?? "" },
    actor: attrs.actorid === undefined ? undefined : { actorId: attrs.actorid, kind: actorKindOf(attrs.actorkind), displayName: attrs.actorname ?? "" },
  });
}

/** The actor kind of `ce_actorkind`: its enum name ("HUMAN", "AGENT", "SERVICE"), or a number. */
function actorKindOf(text: string | undefined): ActorKind {
  const named = ActorKind[(text ?? "") as keyof typeof ActorKind] as ActorKind | undefined;
  return named ?? Number(text ?? 0);
}

function setIfPresent<K extends keyof CloudEventAttributes>(attrs: CloudEventAttributes, key: K, value: string | undefined): void {
  if (value !== undefined && value !== "") {
    attrs[key] = value as CloudEventAttributes[K];
  }
}
