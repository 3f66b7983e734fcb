import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { RunInputSchema } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { decodePayloads, payloadConverter } from "../src/index.js";

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");
const text = (value: string | undefined) => Buffer.from(value ?? "", "base64").toString("utf8");

describe("the remote codec's /decode", () => {
  it("turns the platform's binary protobuf payloads into JSON the Web UI shows, and leaves others alone", () => {
    const input = create(RunInputSchema, { title: "Record the change", initiativeId: "i-1" });
    const payload = payloadConverter.toPayload(input);
    const wire = {
      metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
      data: b64(payload.data ?? new Uint8Array()),
    };
    const plain = { metadata: { encoding: b64("json/plain") }, data: b64('"hello"') };
    const { payloads } = decodePayloads(typeRegistry, { payloads: [wire, plain] });
    expect(text(payloads[0]?.metadata?.encoding)).toBe("json/plain");
    expect(text(payloads[0]?.metadata?.messageType)).toBe("ameide_core_proto.process.transformation.v1.RunInput");
    expect(JSON.parse(text(payloads[0]?.data))).toMatchObject({ title: "Record the change", initiativeId: "i-1" });
    expect(payloads[1]).toEqual(plain);
  });
});
