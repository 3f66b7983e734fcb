import http2 from "node:http2";
import net from "node:net";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { TransformationWorkQueryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { Health, HealthCheckResponse_ServingStatus as ServingStatus } from "@ameide/proto/grpc/health/v1/health_pb";
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectServer } from "../src/connect-server.js";
import { asViewer, slowHandlerMs, slowWorkRequestId, startWorkQueryServer } from "./work-query-server.js";

const scope = { tenantId: "tenant-1", repositoryId: "repo-1" };

const transports: Record<string, (baseUrl: string) => Transport> = {
  "connect over HTTP/1.1": (baseUrl) => createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [asViewer] }),
  "connect over h2c": (baseUrl) => createConnectTransport({ baseUrl, httpVersion: "2", interceptors: [asViewer] }),
  "grpc over h2c": (baseUrl) => createGrpcTransport({ baseUrl, interceptors: [asViewer] }),
  "grpc-web over HTTP/1.1": (baseUrl) => createGrpcWebTransport({ baseUrl, httpVersion: "1.1", interceptors: [asViewer] }),
};

let running: ConnectServer[] = [];
afterEach(async () => {
  await Promise.all(running.map((server) => server.close()));
  running = [];
});

async function start(...args: Parameters<typeof startWorkQueryServer>) {
  const started = await startWorkQueryServer(...args);
  running.push(started.server);
  return started;
}

function clientFor(transport: Transport) {
  return createClient(TransformationWorkQueryService, transport);
}

async function codeOf(call: Promise<unknown>): Promise<Code | "ok"> {
  try {
    await call;
    return "ok";
  } catch (e) {
    return ConnectError.from(e).code;
  }
}

describe("startConnectServer", () => {
  it("serves Connect, gRPC and gRPC-Web over HTTP/1.1 and h2c on one port", async () => {
    const { server } = await start();
    const protocols: string[] = [];
    for (const [name, transportFor] of Object.entries(transports)) {
      const res = await clientFor(transportFor(server.url)).getWorkRequest({ scope, workRequestId: name });
      expect(res.workRequest?.workRequestId).toBe(name);
      protocols.push(res.workRequest?.correlationId ?? "");
    }
    expect(protocols).toEqual(["connect", "connect", "grpc", "grpc-web"]);
  });

  it("rejects when the port is taken", async () => {
    const { server } = await start();
    await expect(start({ port: server.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it("logs one JSON line with the url when it starts", async () => {
    const { server, lines } = await start();
    const started = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(started).toEqual([expect.objectContaining({ level: "info", msg: "connect server listening", url: server.url, service: "test" })]);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it("answers /healthz and /readyz, and 404 for other paths", async () => {
    const { server } = await start();
    const healthz = await fetch(`${server.url}/healthz`);
    expect([healthz.status, await healthz.text()]).toEqual([200, "ok"]);
    const readyz = await fetch(`${server.url}/readyz`);
    expect([readyz.status, await readyz.json()]).toEqual([200, { ready: true, engines: {} }]);
    const other = await fetch(`${server.url}/nope`);
    expect(other.status).toBe(404);
  });

  it("reports each engine on /readyz: 503 naming the one that is down, or whose check throws or hangs", async () => {
    const notReady = await start({ readiness: { postgres: () => Promise.resolve(true), kafka: () => Promise.resolve(false) } });
    const res = await fetch(`${notReady.server.url}/readyz`);
    expect([res.status, await res.json()]).toEqual([503, { ready: false, engines: { postgres: "up", kafka: "down" } }]);
    const failing = await start({
      readiness: { postgres: () => Promise.reject(new Error("database unreachable")), temporal: () => new Promise<boolean>(() => undefined) },
    });
    const failed = await fetch(`${failing.server.url}/readyz`);
    expect([failed.status, await failed.json()]).toEqual([503, { ready: false, engines: { postgres: "down", temporal: "down" } }]);
    expect(failing.lines.join("\n")).toContain("database unreachable");
  });

  it("serves grpc.health.v1: SERVING while every engine is up, NOT_SERVING otherwise, NOT_FOUND for a foreign service", async () => {
    const up = await start({ readiness: { postgres: () => Promise.resolve(true) } });
    const health = createClient(Health, createGrpcTransport({ baseUrl: up.server.url }));
    expect((await health.check({})).status).toBe(ServingStatus.SERVING);
    expect((await health.check({ service: TransformationWorkQueryService.typeName })).status).toBe(ServingStatus.SERVING);
    const foreign = await health.check({ service: "some.other.Service" }).catch((e: unknown) => ConnectError.from(e));
    expect(foreign).toMatchObject({ code: Code.NotFound });
    const listed = await health.list({});
    expect(Object.keys(listed.statuses).sort()).toEqual(["", TransformationWorkQueryService.typeName]);
    const down = await start({ readiness: { postgres: () => Promise.resolve(true), kafka: () => Promise.resolve(false) } });
    const downHealth = createClient(Health, createGrpcTransport({ baseUrl: down.server.url }));
    expect((await downHealth.check({})).status).toBe(ServingStatus.NOT_SERVING);
  });

  it("answers /healthz over h2c too", async () => {
    const { server } = await start();
    const session = http2.connect(server.url);
    try {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const stream = session.request({ ":path": "/healthz" });
        stream.on("response", (headers) => resolve(headers[":status"]));
        stream.on("error", reject);
        stream.resume();
      });
      expect(status).toBe(200);
    } finally {
      session.close();
    }
  });

  it("refuses a request larger than readMaxBytes with ResourceExhausted", async () => {
    const { server } = await start({ readMaxBytes: 1024 });
    const workRequestId = "x".repeat(4096);
    for (const transportFor of [transports["connect over HTTP/1.1"], transports["grpc over h2c"]]) {
      const client = clientFor(transportFor!(server.url));
      expect(await codeOf(client.getWorkRequest({ scope, workRequestId }))).toBe(Code.ResourceExhausted);
      // The connection stays usable for requests within the limit.
      expect(await codeOf(client.getWorkRequest({ scope, workRequestId: "small" }))).toBe("ok");
    }
  });
});

describe("ConnectServer.close", () => {
  it.each(["connect over HTTP/1.1", "grpc over h2c"])("lets an in-flight %s request finish, then refuses new connections", async (name) => {
    let onSlowStart = (): void => {};
    const slowStarted = new Promise<void>((resolve) => (onSlowStart = resolve));
    const { server } = await start({ hooks: { onSlowStart } });
    const client = clientFor(transports[name]!(server.url));
    const inFlight = client.getWorkRequest({ scope, workRequestId: slowWorkRequestId });
    await slowStarted;
    const began = performance.now();
    await server.close();
    expect(performance.now() - began).toBeGreaterThan(slowHandlerMs / 2);
    expect((await inFlight).workRequest?.workRequestId).toBe(slowWorkRequestId);
    const late = clientFor(transports["connect over HTTP/1.1"]!(server.url));
    expect(await codeOf(late.getWorkRequest({ scope, workRequestId: "late" }))).toBe(Code.Unavailable);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });

  it("closes idle keep-alive connections, HTTP/2 sessions and silent connections at once", async () => {
    const { server, lines } = await start();
    for (const transportFor of Object.values(transports)) {
      await clientFor(transportFor(server.url)).getWorkRequest({ scope, workRequestId: "warm" });
    }
    await fetch(`${server.url}/healthz`);
    const silent = net.connect(server.port, "127.0.0.1").on("error", () => {
      // The server may reset it; only the server's close time matters here.
    });
    await new Promise((resolve) => silent.once("connect", resolve));
    const began = performance.now();
    await server.close();
    expect(performance.now() - began).toBeLessThan(500);
    expect(lines.at(-1)).toContain("connect server closed");
  });

  it("is safe to call twice", async () => {
    const { server } = await start();
    await Promise.all([server.close(), server.close()]);
    await server.close();
  });
});

describe("CORS and extra endpoints", () => {
  it("answers a preflight from an allowed origin only, and serves an endpoint before the RPCs", async () => {
    const { server } = await start({
      corsOrigins: ["http://console.example"],
      endpoints: { "POST /echo": ({ body }) => Promise.resolve({ status: 200, json: { got: body.toString("utf8") } }) },
    });
    const preflight = await fetch(`${server.url}/x.Y/Z`, {
      method: "OPTIONS",
      headers: { origin: "http://console.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("http://console.example");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    const stranger = await fetch(`${server.url}/healthz`, { headers: { origin: "http://evil.example" } });
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
    const echoed = await fetch(`${server.url}/echo`, { method: "POST", body: "hi", headers: { origin: "http://console.example" } });
    expect(await echoed.json()).toEqual({ got: "hi" });
    expect(echoed.headers.get("access-control-allow-origin")).toBe("http://console.example");
    expect((await fetch(`${server.url}/echo`, { method: "POST", body: Buffer.alloc(5 * 1024 * 1024) })).status).toBe(413);
  });
});
