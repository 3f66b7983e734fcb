import { toCloudEvent } from "@ameide/contracts";
import type { EventMeta } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";

/** Content type of every record value on the platform's topics. */
export const protobufContentType = "application/x-protobuf";

/**
 * Kafka headers of a record: the CloudEvents Kafka binary binding (`ce_*`), so tools can route
 * (`ce_type` = the fact's variant) and dedupe (`ce_id` = message_id) without decoding the value.
 * `typeName` is the value's message, `eventType` the variant (eventTypeOf), when it has one.
 */
export function recordHeaders(meta: EventMeta, typeName: string, eventType = typeName): Record<string, string> {
  const headers: Record<string, string> = { "content-type": protobufContentType };
  const attributes: Record<string, string | undefined> = { ...toCloudEvent(meta, typeName, eventType) };
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== "") headers[`ce_${name}`] = value;
  }
  return headers;
}
