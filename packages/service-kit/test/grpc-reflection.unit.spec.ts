import { fromBinary } from "@bufbuild/protobuf";
import { type FileDescriptorProto, FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { TransformationWorkQueryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { Health } from "@ameide/proto/grpc/health/v1/health_pb";
import { ServerReflection, type ServerReflectionResponse } from "@ameide/proto/grpc/reflection/v1/reflection_pb";
import {
  ServerReflection as ServerReflectionV1alpha,
  type ServerReflectionResponse as ServerReflectionResponseV1alpha,
} from "@ameide/proto/grpc/reflection/v1alpha/reflection_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectServer } from "../src/connect-server.js";
import { startWorkQueryServer } from "./work-query-server.js";

/** One reflection question, as a plain object both versions accept. */
interface Question {
  messageRequest:
    | { case: "listServices" | "fileByFilename" | "fileContainingSymbol" | "allExtensionNumbersOfType"; value: string }
    | { case: "fileContainingExtension"; value: { containingType: string; extensionNumber: number } };
}

type Answer = (ServerReflectionResponse | ServerReflectionResponseV1alpha)["messageResponse"];

const serviceFile = "ameide_core_proto/transformation/work/v1/transformation_work_service.proto";

let server: ConnectServer;
beforeAll(async () => {
  ({ server } = await startWorkQueryServer());
});
afterAll(() => server.close());

/** gRPC (always HTTP/2, here h2c) without a token: reflection is open to every caller. */
function anonymous(): Transport {
  return createGrpcTransport({ baseUrl: server.url });
}

/** Ask each question in turn on one stream; the answers, in order. */
const versions: Record<string, (questions: Question[]) => Promise<Answer[]>> = {
  "grpc.reflection.v1": async (questions) => {
    const answers: Answer[] = [];
    for await (const res of createClient(ServerReflection, anonymous()).serverReflectionInfo(createAsyncIterable(questions))) answers.push(res.messageResponse);
    return answers;
  },
  "grpc.reflection.v1alpha": async (questions) => {
    const answers: Answer[] = [];
    for await (const res of createClient(ServerReflectionV1alpha, anonymous()).serverReflectionInfo(createAsyncIterable(questions)))
      answers.push(res.messageResponse);
    return answers;
  },
};

async function ask(version: string, question: Question): Promise<Answer> {
  const answers = await versions[version]!([question]);
  expect(answers).toHaveLength(1);
  return answers[0]!;
}

/** The files of a file_descriptor_response, decoded; fails on any other answer. */
function filesOf(answer: Answer | undefined): FileDescriptorProto[] {
  if (answer?.case !== "fileDescriptorResponse") throw new Error(`expected files, got ${JSON.stringify(answer)}`);
  return answer.value.fileDescriptorProto.map((bytes) => fromBinary(FileDescriptorProtoSchema, bytes));
}

describe.each(Object.keys(versions))("%s", (version) => {
  it("lists the hosted services, health and reflection", async () => {
    const answer = await ask(version, { messageRequest: { case: "listServices", value: "" } });
    expect(answer.case === "listServicesResponse" && answer.value.service.map((s) => s.name)).toEqual(
      [TransformationWorkQueryService.typeName, Health.typeName, ServerReflection.typeName, ServerReflectionV1alpha.typeName].sort(),
    );
  });

  it("answers a hosted service's symbol with its file first, then every file it imports, each once", async () => {
    const files = filesOf(await ask(version, { messageRequest: { case: "fileContainingSymbol", value: TransformationWorkQueryService.typeName } }));
    const names = files.map((f) => f.name);
    expect(names[0]).toBe(serviceFile);
    expect(files[0]?.service.map((s) => s.name)).toContain(TransformationWorkQueryService.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        "ameide_core_proto/transformation/work/v1/transformation_work_request.proto",
        "ameide_core_proto/platform/auth/v1/platform_auth_options.proto",
        "buf/validate/validate.proto",
        "google/protobuf/descriptor.proto",
      ]),
    );
    // The answer alone is enough to read the service: every file imports only files in it.
    expect(files.flatMap((f) => f.dependency).filter((name) => !names.includes(name))).toEqual([]);
  });

  it("answers an unknown symbol, file or type with NOT_FOUND", async () => {
    const answers = await versions[version]!([
      { messageRequest: { case: "fileContainingSymbol", value: "some.other.Service" } },
      { messageRequest: { case: "fileByFilename", value: "some/other.proto" } },
      { messageRequest: { case: "allExtensionNumbersOfType", value: "some.other.Options" } },
      { messageRequest: { case: "fileContainingExtension", value: { containingType: "google.protobuf.MethodOptions", extensionNumber: 1 } } },
    ]);
    expect(answers.map((a) => a.case === "errorResponse" && a.value.errorCode)).toEqual([Code.NotFound, Code.NotFound, Code.NotFound, Code.NotFound]);
  });
});

describe("grpc.reflection.v1", () => {
  const v1 = versions["grpc.reflection.v1"]!;

  it("finds the file of a method, message, field, enum, nested type and map entry", async () => {
    const symbols = {
      [`${TransformationWorkQueryService.typeName}.GetWorkRequest`]: serviceFile,
      "ameide_core_proto.transformation.work.v1.GetWorkRequestRequest": serviceFile,
      "ameide_core_proto.transformation.work.v1.GetWorkRequestRequest.scope": serviceFile,
      "ameide_core_proto.transformation.work.v1.WorkResult": serviceFile,
      "grpc.health.v1.HealthCheckResponse.ServingStatus": "grpc/health/v1/health.proto",
      "grpc.health.v1.HealthListResponse.StatusesEntry": "grpc/health/v1/health.proto",
      "grpc.reflection.v1alpha.ServerReflectionRequest": "grpc/reflection/v1alpha/reflection.proto",
    };
    const answers = await v1(Object.keys(symbols).map((value) => ({ messageRequest: { case: "fileContainingSymbol", value } })));
    expect(answers.map((a) => filesOf(a)[0]?.name)).toEqual(Object.values(symbols));
  });

  it("answers files by name and extensions by their extendee and number", async () => {
    const [byName, extension, numbers] = await v1([
      { messageRequest: { case: "fileByFilename", value: "buf/validate/validate.proto" } },
      { messageRequest: { case: "fileContainingExtension", value: { containingType: "google.protobuf.MethodOptions", extensionNumber: 51101 } } },
      { messageRequest: { case: "allExtensionNumbersOfType", value: "google.protobuf.FieldOptions" } },
    ]);
    expect(filesOf(byName).map((f) => f.name)).toEqual([
      "buf/validate/validate.proto",
      "google/protobuf/descriptor.proto",
      "google/protobuf/duration.proto",
      "google/protobuf/field_mask.proto",
      "google/protobuf/timestamp.proto",
    ]);
    expect(filesOf(extension)[0]?.name).toBe("ameide_core_proto/platform/auth/v1/platform_auth_options.proto");
    expect(numbers?.case === "allExtensionNumbersResponse" && numbers.value).toMatchObject({
      baseTypeName: "google.protobuf.FieldOptions",
      extensionNumber: [1159, 1160],
    });
  });

  it("needs no token, while the hosted service still does", async () => {
    const answer = await ask("grpc.reflection.v1", { messageRequest: { case: "listServices", value: "" } });
    expect(answer.case).toBe("listServicesResponse");
    const refused = await createClient(TransformationWorkQueryService, anonymous())
      .getWorkRequest({ scope: { tenantId: "tenant-1", repositoryId: "repo-1" }, workRequestId: "w" })
      .catch((e: unknown) => ConnectError.from(e));
    expect(refused).toMatchObject({ code: Code.Unauthenticated });
  });
});
