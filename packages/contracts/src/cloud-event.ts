import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { create } from "@bufbuild/protobuf";
import { type EventMeta, EventMetaSchema } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";

/** CloudEvents 1.0 context attributes of an envelope; extensions carry the rest losslessly. */
export interface CloudEventAttributes {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
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

/** Maps an envelope to CloudEvents attributes; `type` is the message's full proto name. */
export function toCloudEvent(meta: EventMeta, typeName: string): CloudEventAttributes {
  const attrs: CloudEventAttributes = {
    specversion: "1.0",
    id: meta.messageId,
    source: meta.producer,
    type: typeName,
    time: meta.occurredAt ? timestampDate(meta.occurredAt).toISOString() : "",
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
    attrs.actorkind = String(meta.actor.kind);
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
    actor: attrs.actorid === undefined ? undefined : { actorId: attrs.actorid, kind: Number(attrs.actorkind ?? 0), displayName: attrs.actorname ?? "" },
  });
}

function setIfPresent<K extends keyof CloudEventAttributes>(attrs: CloudEventAttributes, key: K, value: string | undefined): void {
  if (value !== undefined && value !== "") {
    attrs[key] = value as CloudEventAttributes[K];
  }
}
