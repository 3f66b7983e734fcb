import { create, createFileRegistry, type DescFile, type DescService, type FileRegistry, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { Code, type ConnectRouter } from "@connectrpc/connect";
import {
  ErrorResponseSchema,
  ExtensionNumberResponseSchema,
  FileDescriptorResponseSchema,
  ListServiceResponseSchema,
  ServerReflection,
  type ServerReflectionRequest,
  ServerReflectionRequestSchema,
  type ServerReflectionResponse,
  ServerReflectionResponseSchema,
} from "@ameide/proto/grpc/reflection/v1/reflection_pb";
import {
  ServerReflection as ServerReflectionV1alpha,
  ServerReflectionRequestSchema as RequestV1alphaSchema,
  ServerReflectionResponseSchema as ResponseV1alphaSchema,
} from "@ameide/proto/grpc/reflection/v1alpha/reflection_pb";

type Answer = ServerReflectionResponse["messageResponse"];

/**
 * gRPC server reflection (grpc.reflection.v1 and v1alpha) over the contracts of `services`, so
 * grpcurl, Postman and grpcui can list and describe this server without its protos. Lists
 * `services` and the reflection services; answers descriptors of every file they import.
 */
export function grpcReflectionRoutes(services: readonly DescService[]): (router: ConnectRouter) => void {
  const hosted = [...services, ServerReflection, ServerReflectionV1alpha];
  const names = [...new Set(hosted.map((s) => s.typeName))].sort();
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: withDependencies(hosted.map((s) => s.file)).map((f) => f.proto) }));
  const answer = (req: ServerReflectionRequest) =>
    create(ServerReflectionResponseSchema, { validHost: req.host, originalRequest: req, messageResponse: respond(registry, names, req) });
  return (router) => {
    router.service(ServerReflection, {
      async *serverReflectionInfo(requests) {
        for await (const req of requests) yield answer(req);
      },
    });
    // v1alpha has the same field numbers as v1: each message crosses over through its bytes.
    router.service(ServerReflectionV1alpha, {
      async *serverReflectionInfo(requests) {
        for await (const req of requests) {
          const res = answer(fromBinary(ServerReflectionRequestSchema, toBinary(RequestV1alphaSchema, req)));
          yield fromBinary(ResponseV1alphaSchema, toBinary(ServerReflectionResponseSchema, res));
        }
      },
    });
  };
}

/** The answer to one request; a name this server does not know is NOT_FOUND, as in grpc-go. */
function respond(registry: FileRegistry, services: readonly string[], req: ServerReflectionRequest): Answer {
  const { case: kind, value } = req.messageRequest;
  switch (kind) {
    case "listServices":
      return { case: "listServicesResponse", value: create(ListServiceResponseSchema, { service: services.map((name) => ({ name })) }) };
    case "fileByFilename":
      return files(registry.getFile(value), `file "${value}"`);
    case "fileContainingSymbol":
      return files(fileOfSymbol(registry, value), `symbol "${value}"`);
    case "fileContainingExtension": {
      const extendee = registry.getMessage(value.containingType);
      const extension = extendee && registry.getExtensionFor(extendee, value.extensionNumber);
      return files(extension?.file, `extension ${value.extensionNumber} of "${value.containingType}"`);
    }
    case "allExtensionNumbersOfType": {
      if (registry.getMessage(value) === undefined) return notFound(`type "${value}"`);
      const numbers = [...registry].flatMap((d) => (d.kind === "extension" && d.extendee.typeName === value ? [d.number] : []));
      return { case: "allExtensionNumbersResponse", value: create(ExtensionNumberResponseSchema, { baseTypeName: value, extensionNumber: numbers }) };
    }
    default:
      return failure(Code.InvalidArgument, "the request asks nothing; set one of its message_request fields");
  }
}

/** The file and, as grpc-go sends them, every file it imports transitively, each once. */
function files(file: DescFile | undefined, what: string): Answer {
  if (file === undefined) return notFound(what);
  const bytes = [file, ...withDependencies([file]).filter((f) => f !== file)].map((f) => toBinary(FileDescriptorProtoSchema, f.proto));
  return { case: "fileDescriptorResponse", value: create(FileDescriptorResponseSchema, { fileDescriptorProto: bytes }) };
}

function notFound(what: string): Answer {
  return failure(Code.NotFound, `${what} is not in the contracts this server hosts; list its services and ask for one of them or their files`);
}

function failure(errorCode: Code, errorMessage: string): Answer {
  return { case: "errorResponse", value: create(ErrorResponseSchema, { errorCode, errorMessage }) };
}

/** The file declaring a type or service, or a method, field, oneof or map entry of one. */
function fileOfSymbol(registry: FileRegistry, symbol: string): DescFile | undefined {
  const type = registry.get(symbol);
  if (type !== undefined) return type.file;
  const dot = symbol.lastIndexOf(".");
  const parent = registry.get(symbol.slice(0, dot));
  const member = symbol.slice(dot + 1);
  if (parent?.kind === "service" && parent.methods.some((m) => m.name === member)) return parent.file;
  // Map entries are messages in the descriptor, but protobuf-es keeps them out of the registry.
  const inMessage = parent?.kind === "message" && [...parent.fields, ...parent.oneofs, ...parent.proto.nestedType].some((d) => d.name === member);
  if (inMessage) return parent.file;
  return undefined;
}

/** `files` and everything they import, each once, every file after its imports. */
function withDependencies(files: readonly DescFile[]): DescFile[] {
  const seen = new Map<string, DescFile>();
  const visit = (file: DescFile): void => {
    if (seen.has(file.proto.name)) return;
    file.dependencies.forEach(visit);
    seen.set(file.proto.name, file);
  };
  files.forEach(visit);
  return [...seen.values()];
}
