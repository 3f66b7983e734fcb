import { fromBinary, type Registry, toJson } from "@bufbuild/protobuf";

/** A payload as Temporal's remote codec protocol carries it: metadata values and data in base64. */
interface CodecPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromBase64 = (text: string | undefined) => Buffer.from(text ?? "", "base64");
const toBase64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/**
 * The `/decode` half of Temporal's remote codec protocol, for the Web UI and CLI: payloads this
 * platform writes (`binary/protobuf` with a `messageType`) come back as `json/plain`, readable
 * as the proto3 JSON of their message. Anything else is returned unchanged. Nothing is encoded:
 * the codec only helps people read.
 */
export function decodePayloads(registry: Registry, body: unknown): { payloads: CodecPayload[] } {
  const payloads = (body as { payloads?: CodecPayload[] } | null)?.payloads ?? [];
  return {
    payloads: payloads.map((payload) => {
      const encoding = fromBase64(payload.metadata?.encoding).toString("utf8");
      const typeName = fromBase64(payload.metadata?.messageType).toString("utf8");
      const schema = encoding === "binary/protobuf" ? registry.getMessage(typeName) : undefined;
      if (schema === undefined) return payload;
      const json = toJson(schema, fromBinary(schema, fromBase64(payload.data)), { registry });
      return { metadata: { encoding: toBase64("json/plain"), messageType: toBase64(typeName) }, data: toBase64(JSON.stringify(json)) };
    }),
  };
}
