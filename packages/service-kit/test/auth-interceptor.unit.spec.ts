import { Code, ConnectError, createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerAuth, openLocalIssuer, type TokenClaims } from "@ameide/auth";
import { TransformationWorkQueryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { Health } from "@ameide/proto/grpc/health/v1/health_pb";
import type { ConnectServer } from "../src/connect-server.js";
import { fixtureIssuer, startWorkQueryServer } from "./work-query-server.js";

const scope = { tenantId: "tenant-1", repositoryId: "repo-1" };
const protocols: Record<string, (baseUrl: string, interceptors: Interceptor[]) => Transport> = {
  connect: (baseUrl, interceptors) => createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors }),
  grpc: (baseUrl, interceptors) => createGrpcTransport({ baseUrl, interceptors }),
  "grpc-web": (baseUrl, interceptors) => createGrpcWebTransport({ baseUrl, httpVersion: "1.1", interceptors }),
};
const caller = (claims: Partial<TokenClaims>) => bearerAuth(() => fixtureIssuer.mint({ subject: "tester", tenant: "tenant-1", roles: ["viewer"], ...claims }));
const header =
  (value: string): Interceptor =>
  (next) =>
  (req) => {
    req.header.set("authorization", value);
    return next(req);
  };

let server: ConnectServer;
beforeAll(async () => {
  ({ server } = await startWorkQueryServer());
});
afterAll(() => server.close());

async function codeOf(transport: Transport): Promise<{ code: Code | "ok"; message: string }> {
  try {
    await createClient(TransformationWorkQueryService, transport).getWorkRequest({ scope, workRequestId: "w-1" });
    return { code: "ok", message: "" };
  } catch (e) {
    return { code: ConnectError.from(e).code, message: ConnectError.from(e).rawMessage };
  }
}

const strangerIssuer = await openLocalIssuer();
const cases: Array<[string, Interceptor[], Code | "ok", RegExp]> = [
  ["no token", [], Code.Unauthenticated, /no bearer token/],
  ["a malformed header", [header("Basic dXNlcjpwYXNz")], Code.Unauthenticated, /not `Bearer <jwt>`/],
  ["garbage", [header("Bearer not.a.jwt")], Code.Unauthenticated, /well-formed|could not be verified/],
  ["an expired token", [caller({ ttlSeconds: -120 })], Code.Unauthenticated, /expired/],
  [
    "a token of another issuer's key",
    [bearerAuth(() => strangerIssuer.mint({ subject: "x", tenant: "tenant-1", roles: ["viewer"] }))],
    Code.Unauthenticated,
    /unknown kid|signature/,
  ],
  ["another tenant", [caller({ tenant: "tenant-2" })], Code.PermissionDenied, /scope.tenant_id "tenant-1" is not the token's tenant "tenant-2"/],
  ["a role the method does not admit", [caller({ roles: ["operator"] })], Code.PermissionDenied, /needs one of the roles viewer, process, executor:\*, admin/],
  ["a viewer of the tenant", [caller({})], "ok", /^$/],
  ["an executor class (executor:* admits it)", [caller({ roles: ["executor:toolrun.verify"] })], "ok", /^$/],
];

describe("the auth interceptor, over every protocol", () => {
  for (const [protocol, transportFor] of Object.entries(protocols)) {
    it.each(cases)(`${protocol}: %s`, async (_, interceptors, code, message) => {
      const result = await codeOf(transportFor(server.url, interceptors));
      expect(result.code).toBe(code);
      expect(result.message).toMatch(message);
    });
  }

  it("a person's token may not claim every tenant", async () => {
    const result = await codeOf(protocols.connect!(server.url, [caller({ tenant: "*", roles: ["viewer"] })]));
    expect(result).toEqual({ code: Code.Unauthenticated, message: expect.stringMatching(/platform service tokens only/) as string });
  });

  it("a service token for every tenant reads any tenant's scope", async () => {
    expect((await codeOf(protocols.connect!(server.url, [caller({ tenant: "*", roles: ["process"] })]))).code).toBe("ok");
  });

  it("leaves health checks open", async () => {
    const health = createClient(Health, createGrpcTransport({ baseUrl: server.url }));
    expect((await health.check({ service: "" })).status).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
