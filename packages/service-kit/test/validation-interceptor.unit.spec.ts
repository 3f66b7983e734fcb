import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import {
  GetWorkRequestResponseSchema,
  TransformationWorkQueryService,
  type GetWorkRequestRequestSchema,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ViolationsSchema } from "@ameide/proto/buf/validate/validate_pb";
import type { ConnectServer } from "../src/connect-server.js";
import { createValidationInterceptor } from "../src/validation-interceptor.js";
import { asViewer, startWorkQueryServer, viewerToken } from "./work-query-server.js";
import { WorkStreamService } from "./work-stream-service.js";

const scope = { tenantId: "tenant-1", repositoryId: "repo-1" };

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function errorOf(call: Promise<unknown>): Promise<ConnectError> {
  try {
    await call;
  } catch (e) {
    return ConnectError.from(e);
  }
  throw new Error("expected the call to fail");
}

describe("createValidationInterceptor on a real server", () => {
  let server: ConnectServer;
  beforeAll(async () => {
    ({ server } = await startWorkQueryServer());
  });
  afterAll(() => server.close());

  const clients = {
    connect: () => createClient(TransformationWorkQueryService, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", interceptors: [asViewer] })),
    grpc: () => createClient(TransformationWorkQueryService, createGrpcTransport({ baseUrl: server.url, interceptors: [asViewer] })),
  };

  it.each(Object.keys(clients) as (keyof typeof clients)[])("refuses an invalid request over %s with InvalidArgument naming every field", async (protocol) => {
    const error = await errorOf(clients[protocol]().getWorkRequest({ workRequestId: "" }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe(
      "invalid GetWorkRequestRequest: scope: value is required; " +
        "work_request_id: must be at least 1 characters " +
        "(fix the named fields and retry; nothing was changed)",
    );
  });

  it.each(Object.keys(clients) as (keyof typeof clients)[])("carries the violations as a buf.validate.Violations detail over %s", async (protocol) => {
    const error = await errorOf(clients[protocol]().getWorkRequest({ workRequestId: "" }));
    const [details] = error.findDetails(ViolationsSchema);
    const fields = details?.violations.map((v) => v.field?.elements.map((e) => e.fieldName).join("."));
    expect(fields).toEqual(["scope", "work_request_id"]);
    expect(details?.violations.map((v) => v.ruleId)).toEqual(["required", "string.min_len"]);
  });

  it("names nested fields by their path", async () => {
    const request: MessageInitShape<typeof GetWorkRequestRequestSchema> = {
      scope: { tenantId: "", repositoryId: "repo-1" },
      workRequestId: "w".repeat(129),
    };
    const error = await errorOf(clients.connect().getWorkRequest(request));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toContain("scope.tenant_id: must be at least 1 characters");
    expect(error.rawMessage).toContain("work_request_id: must be at most 128 characters");
  });

  it("refuses unknown JSON fields by name instead of ignoring them", async () => {
    const res = await fetch(`${server.url}/${TransformationWorkQueryService.typeName}/GetWorkRequest`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await viewerToken()}` },
      body: JSON.stringify({ scope, workRequestId: "work-1", workRequestIdd: "typo" }),
    });
    const body = (await res.json()) as { code: string; message: string };
    expect(res.status).toBe(400);
    expect(body.code).toBe("invalid_argument");
    expect(body.message).toContain('key "workRequestIdd" is unknown');
  });

  it("lets a valid request reach the handler", async () => {
    const res = await clients.connect().getWorkRequest({ scope, workRequestId: "work-1" });
    expect(res.workRequest?.workRequestId).toBe("work-1");
  });
});

describe("createValidationInterceptor on streaming methods", () => {
  const transport = createRouterTransport(
    (router) => {
      router.service(WorkStreamService, {
        watchWorkRequest(req) {
          return createAsyncIterable([create(GetWorkRequestResponseSchema, { workRequest: { workRequestId: req.workRequestId } })]);
        },
        async collectWorkRequests(requests) {
          const ids: string[] = [];
          for await (const req of requests) ids.push(req.workRequestId);
          return create(GetWorkRequestResponseSchema, { workRequest: { workRequestId: ids.join(",") } });
        },
      });
    },
    { router: { interceptors: [createValidationInterceptor()] } },
  );
  const client = createClient(WorkStreamService, transport);

  function requests(...workRequestIds: string[]) {
    return createAsyncIterable(workRequestIds.map((workRequestId) => ({ scope, workRequestId })));
  }

  it("validates the request of a server-streaming call", async () => {
    const error = await errorOf(collect(client.watchWorkRequest({ scope, workRequestId: "" })));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toContain("work_request_id: must be at least 1 characters");
    const ok = await collect(client.watchWorkRequest({ scope, workRequestId: "work-1" }));
    expect(ok.map((res) => res.workRequest?.workRequestId)).toEqual(["work-1"]);
  });

  it("validates every message of a client-streaming call", async () => {
    const error = await errorOf(client.collectWorkRequests(requests("work-1", "")));
    expect(error.code).toBe(Code.InvalidArgument);
    const ok = await client.collectWorkRequests(requests("work-1", "work-2"));
    expect(ok.workRequest?.workRequestId).toBe("work-1,work-2");
  });
});
