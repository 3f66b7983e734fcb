import { create, toJsonString } from "@bufbuild/protobuf";
import { METADATA_ENCODING_KEY, METADATA_MESSAGE_TYPE_KEY, ValueError } from "@temporalio/common";
import { describe, expect, test } from "vitest";
import { RunStateSchema, type RunState } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { payloadConverter } from "../src/index.js";

const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());

const state = create(RunStateSchema, {
  phaseKey: "execution",
  runEpoch: 3n,
  seq: 42n,
  seenMessageIds: ["m-1", "m-2"],
  promotedDigests: { staging: "sha256:abc" },
  input: { initiativeId: "init-1", scope: { tenantId: "t1", repositoryId: "r1" } },
});

describe("protobuf payload converter", () => {
  test("contract messages are binary/protobuf with their full type name", () => {
    const payload = payloadConverter.toPayload(state);
    expect(text(payload.metadata?.[METADATA_ENCODING_KEY])).toBe("binary/protobuf");
    expect(text(payload.metadata?.[METADATA_MESSAGE_TYPE_KEY])).toBe("ameide_core_proto.process.transformation.v1.RunState");
  });

  test("a message survives the round trip, int64 and maps included", () => {
    const back = payloadConverter.fromPayload<RunState>(payloadConverter.toPayload(state));
    expect(back).toEqual(state);
    expect(back.runEpoch).toBe(3n);
  });

  test("plain values still travel as JSON", () => {
    const payload = payloadConverter.toPayload({ a: 1 });
    expect(text(payload.metadata?.[METADATA_ENCODING_KEY])).toBe("json/plain");
    expect(payloadConverter.fromPayload(payload)).toEqual({ a: 1 });
  });

  test("json/protobuf payloads written by other SDKs decode", () => {
    const enc = new TextEncoder();
    const payload = {
      metadata: {
        [METADATA_ENCODING_KEY]: enc.encode("json/protobuf"),
        [METADATA_MESSAGE_TYPE_KEY]: enc.encode(RunStateSchema.typeName),
      },
      data: enc.encode(toJsonString(RunStateSchema, state, { registry: typeRegistry })),
    };
    expect(payloadConverter.fromPayload<RunState>(payload)).toEqual(state);
  });

  test("an unknown message type is a clear error", () => {
    const enc = new TextEncoder();
    const payload = {
      metadata: { [METADATA_ENCODING_KEY]: enc.encode("binary/protobuf"), [METADATA_MESSAGE_TYPE_KEY]: enc.encode("acme.v1.Nope") },
      data: new Uint8Array(),
    };
    expect(() => payloadConverter.fromPayload(payload)).toThrow(ValueError);
    expect(() => payloadConverter.fromPayload(payload)).toThrow("unknown protobuf message type acme.v1.Nope");
  });

  test("a message missing from the registry is refused, not sent as JSON", () => {
    expect(() => payloadConverter.toPayload({ $typeName: "acme.v1.Nope" })).toThrow("not in the payload converter's registry");
  });
});
