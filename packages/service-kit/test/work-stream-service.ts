// Test fixture: streaming methods over the generated GetWorkRequest messages, described inline
// because the contracts have no streaming RPC. Server-streaming and client-streaming requests
// reach interceptors as streams, which is what the validation interceptor has to handle.
import { create, createFileRegistry } from "@bufbuild/protobuf";
import type { GenService } from "@bufbuild/protobuf/codegenv2";
import { FileDescriptorProtoSchema, MethodDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import {
  GetWorkRequestRequestSchema,
  GetWorkRequestResponseSchema,
  file_ameide_core_proto_transformation_work_v1_transformation_work_service as workServiceFile,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";

const input = `.${GetWorkRequestRequestSchema.typeName}`;
const output = `.${GetWorkRequestResponseSchema.typeName}`;

const file = create(FileDescriptorProtoSchema, {
  name: "service_kit_test/v1/work_stream.proto",
  package: "service_kit_test.v1",
  dependency: [workServiceFile.proto.name],
  syntax: "proto3",
  service: [
    {
      name: "WorkStreamService",
      method: [
        create(MethodDescriptorProtoSchema, { name: "WatchWorkRequest", inputType: input, outputType: output, serverStreaming: true }),
        create(MethodDescriptorProtoSchema, { name: "CollectWorkRequests", inputType: input, outputType: output, clientStreaming: true }),
      ],
    },
  ],
});

const registry = createFileRegistry(file, (name) => (name === workServiceFile.proto.name ? workServiceFile : undefined));

type WorkStreamMethods = {
  watchWorkRequest: {
    methodKind: "server_streaming";
    input: typeof GetWorkRequestRequestSchema;
    output: typeof GetWorkRequestResponseSchema;
  };
  collectWorkRequests: {
    methodKind: "client_streaming";
    input: typeof GetWorkRequestRequestSchema;
    output: typeof GetWorkRequestResponseSchema;
  };
};

function workStreamService(): GenService<WorkStreamMethods> {
  const service = registry.getService("service_kit_test.v1.WorkStreamService");
  if (service === undefined) throw new Error("WorkStreamService missing from its own registry");
  // The descriptor above declares exactly these methods; the cast only restores the static types
  // that generated code would have carried.
  return service as GenService<WorkStreamMethods>;
}

/** service_kit_test.v1.WorkStreamService: WatchWorkRequest (server-streaming), CollectWorkRequests (client-streaming). */
export const WorkStreamService = workStreamService();
