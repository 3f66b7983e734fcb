import { fromBinary, fromJson, type JsonValue, type Registry, toBinary, type Message } from "@bufbuild/protobuf";
import {
  BinaryPayloadConverter,
  CompositePayloadConverter,
  JsonPayloadConverter,
  METADATA_ENCODING_KEY,
  METADATA_MESSAGE_TYPE_KEY,
  type Payload,
  type PayloadConverter,
  type PayloadConverterWithEncoding,
  UndefinedPayloadConverter,
  ValueError,
  encodingTypes,
} from "@temporalio/common";
// Temporal's own UTF-8 codec: it also works inside the workflow sandbox.
import { decode, encode } from "@temporalio/common/lib/encoding.js";

/**
 * Encodes @bufbuild/protobuf v2 messages as `binary/protobuf` with the full type name in the
 * `messageType` metadata: the encoding the Go and Java SDKs read and write.
 */
export class ProtobufBinaryPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.METADATA_ENCODING_PROTOBUF;

  constructor(private readonly registry: Registry) {}

  toPayload(value: unknown): Payload | undefined {
    const schema = schemaOf(this.registry, value);
    if (schema === undefined) return undefined;
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: encode(this.encodingType),
        [METADATA_MESSAGE_TYPE_KEY]: encode(schema.typeName),
      },
      data: toBinary(schema, value as Message),
    };
  }

  fromPayload<T>(payload: Payload): T {
    const schema = messageSchema(this.registry, payload);
    // Payload bytes may come from another realm (the workflow sandbox); copy them into this one.
    return fromBinary(schema, new Uint8Array(payload.data ?? new Uint8Array())) as T;
  }
}

/**
 * Decodes `json/protobuf` payloads written by other SDKs. It never encodes: binary is the
 * encoding this platform writes.
 */
export class ProtobufJsonPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.METADATA_ENCODING_PROTOBUF_JSON;

  constructor(private readonly registry: Registry) {}

  toPayload(): Payload | undefined {
    return undefined;
  }

  fromPayload<T>(payload: Payload): T {
    const schema = messageSchema(this.registry, payload);
    const json = JSON.parse(decode(new Uint8Array(payload.data ?? new Uint8Array()))) as JsonValue;
    return fromJson(schema, json, { registry: this.registry }) as T;
  }
}

/** undefined, raw bytes, protobuf messages of the registry, then plain JSON for everything else. */
export function createProtobufPayloadConverter(registry: Registry): PayloadConverter {
  return new CompositePayloadConverter(
    new UndefinedPayloadConverter(),
    new BinaryPayloadConverter(),
    new ProtobufBinaryPayloadConverter(registry),
    new ProtobufJsonPayloadConverter(registry),
    new JsonPayloadConverter(),
  );
}

function schemaOf(registry: Registry, value: unknown) {
  if (typeof value !== "object" || value === null || !("$typeName" in value)) return undefined;
  const typeName = value.$typeName;
  if (typeof typeName !== "string") return undefined;
  const schema = registry.getMessage(typeName);
  if (schema === undefined) {
    throw new ValueError(`protobuf message ${typeName} is not in the payload converter's registry; regenerate gen/ or add its file to the registry`);
  }
  return schema;
}

function messageSchema(registry: Registry, payload: Payload) {
  const raw = payload.metadata?.[METADATA_MESSAGE_TYPE_KEY];
  if (raw === undefined || raw === null) {
    throw new ValueError(`payload with encoding ${decode(payload.metadata?.[METADATA_ENCODING_KEY] ?? new Uint8Array())} has no messageType metadata`);
  }
  const typeName = decode(raw);
  const schema = registry.getMessage(typeName);
  if (schema === undefined) throw new ValueError(`unknown protobuf message type ${typeName} in payload`);
  return schema;
}
