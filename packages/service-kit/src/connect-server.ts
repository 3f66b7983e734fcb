import { setMaxListeners } from "node:events";
import http from "node:http";
import http2 from "node:http2";
import net, { type AddressInfo } from "node:net";
import { Code, ConnectError, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { TokenVerifier } from "@ameide/auth";
import type { JSONWebKeySet } from "jose";
import { createAuthInterceptor } from "./auth-interceptor.js";
import { createConnectionDrain, type ConnectionDrain } from "./connection-drain.js";
import { withCors } from "./cors.js";
import { dispatchByPreface } from "./dispatch-by-preface.js";
import { grpcHealthRoutes } from "./grpc-health.js";
import { grpcReflectionRoutes } from "./grpc-reflection.js";
import { createHealthFallback, type Readiness } from "./health-fallback.js";
import type { StaticFiles } from "./static-files.js";
import type { Logger } from "./logger.js";
import { createValidationInterceptor } from "./validation-interceptor.js";

/** What an extra HTTP endpoint answers: JSON, or a body of its own type. */
export interface EndpointReply {
  readonly status: number;
  readonly json?: unknown;
  readonly body?: string | Buffer;
  readonly contentType?: string;
}

/** An extra HTTP endpoint: the request's body, path, query and Authorization header in, a reply out. */
export type Endpoint = (request: { body: Buffer; path: string; query: URLSearchParams; authorization?: string }) => Promise<EndpointReply>;

/** How a service knows its callers. */
export interface ServiceAuth {
  readonly verifier: TokenVerifier;
  /** Public keys of a local issuer, served on `GET /.well-known/jwks.json` (development only). */
  readonly jwks?: JSONWebKeySet;
}

/** Everything a service passes to serve its RPCs. */
export interface ConnectServerOptions {
  routes: (router: ConnectRouter) => void;
  /** 0 picks a free port; read the chosen one from `ConnectServer.port`. */
  port: number;
  /** Default "127.0.0.1": listening on every interface is a deliberate choice, not a default. */
  host?: string;
  /** Verifies every caller; each RPC is then authorized by its `access` option in proto. */
  auth: ServiceAuth;
  /** Outermost first (e.g. logging, error mapping); authentication and validation always run after them. */
  interceptors?: Interceptor[];
  /** Default 4 MiB; larger requests are refused with ResourceExhausted before they are parsed. */
  readMaxBytes?: number;
  logger: Logger;
  /** The engines `GET /readyz` checks, by name (e.g. postgres, kafka, temporal); none: always ready. */
  readiness?: Readiness;
  /** Static files (e.g. a web console) served on GET under a prefix. */
  staticFiles?: StaticFiles;
  /** Operational figures served as JSON on `GET /statusz` (e.g. outbox lag). */
  status?: () => Promise<Record<string, unknown>>;
  /** Browser origins allowed to call (CORS), e.g. the web console's. */
  corsOrigins?: readonly string[];
  /** Extra HTTP endpoints (not RPCs) by method and path, e.g. `POST /codec/decode`; a path ending in `*` is a prefix. */
  endpoints?: Record<string, Endpoint>;
}

/** A running server: Connect, gRPC and gRPC-Web over HTTP/1.1 and h2c, all on one port. */
export interface ConnectServer {
  readonly port: number;
  /** `http://host:port`, the base URL for clients. */
  readonly url: string;
  /** Stop accepting, let in-flight requests finish (at most 10 s), then resolve. Idempotent. */
  close(): Promise<void>;
}

const defaultReadMaxBytes = 4 * 1024 * 1024;
const drainTimeoutMs = 10_000;

/** Start serving `routes` on one port for every protocol and HTTP version a client may pick. */
export async function startConnectServer(options: ConnectServerOptions): Promise<ConnectServer> {
  const shutdown = new AbortController();
  // Every in-flight request listens on this signal; many concurrent calls are normal, not a leak.
  setMaxListeners(0, shutdown.signal);
  const hosted: string[] = [];
  const health = grpcHealthRoutes(options.readiness ?? {}, () => hosted, options.logger);
  const handler = connectNodeAdapter({
    routes: (router) => {
      options.routes(router);
      hosted.push(...new Set(router.handlers.map((h) => h.service.typeName)));
      health(router);
      // Reflection describes everything registered so far (the service's own and health) and itself.
      grpcReflectionRoutes(router.handlers.map((h) => h.service))(router);
    },
    // Authenticate -> authorize -> validate -> handler: a refused request reaches no handler.
    interceptors: [...(options.interceptors ?? []), createAuthInterceptor(options.auth.verifier), createValidationInterceptor()],
    readMaxBytes: options.readMaxBytes ?? defaultReadMaxBytes,
    // Strict JSON: an unknown field or enum name ("TOOL_RUN" for "WORK_KIND_TOOL_RUN") is refused
    // with InvalidArgument naming it, instead of silently becoming the zero value.
    jsonOptions: { ignoreUnknownFields: false },
    shutdownSignal: shutdown.signal,
    fallback: createHealthFallback(options.readiness ?? {}, options.logger, { files: options.staticFiles, status: options.status, jwks: options.auth.jwks }),
  });
  const served = withEndpoints(options.endpoints ?? {}, handler);
  const front = options.corsOrigins && options.corsOrigins.length > 0 ? withCors(options.corsOrigins, served) : served;
  const h1 = http.createServer(front);
  const h2 = http2.createServer(front);
  h2.on("sessionError", (error) => options.logger.debug("http2 session failed", { error }));
  const drain = createConnectionDrain(h1, h2);
  const listener = createSniffingListener(h1, h2, drain);
  const address = await listen(listener, options.port, options.host ?? "127.0.0.1");
  listener.on("error", (error) => options.logger.error("connect server listener failed", { error }));
  // http.Server tracks connections (for closeIdleConnections and its header/request timeouts)
  // only once it has seen 'listening', which it never does when fed sockets by another server.
  h1.emit("listening");
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  options.logger.info("connect server listening", { url, protocols: "connect, grpc, grpc-web; http/1.1, h2c" });
  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    url,
    close: () => (closing ??= closeGracefully({ listener, h1, h2, drain, shutdown, logger: options.logger, url })),
  };
}

/** One listener for both servers: each connection goes where its first bytes say it belongs. */
function createSniffingListener(h1: http.Server, h2: http2.Http2Server, drain: ConnectionDrain): net.Server {
  return net.createServer((socket) => {
    drain.track(socket);
    dispatchByPreface(socket, {
      // http.Server only attaches a 'data' listener, so the paused socket must flow again.
      http1: (s) => {
        h1.emit("connection", s);
        s.resume();
      },
      // Http2Session drains the pushed-back bytes itself; resuming here would corrupt the stream.
      http2: (s) => {
        h2.emit("connection", s);
      },
    });
  });
}

function listen(server: net.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

interface RunningServer {
  listener: net.Server;
  h1: http.Server;
  h2: http2.Http2Server;
  drain: ConnectionDrain;
  shutdown: AbortController;
  logger: Logger;
  url: string;
}

async function closeGracefully(server: RunningServer): Promise<void> {
  // The listener's close callback fires once every accepted socket has closed.
  const closed = new Promise<void>((resolve) => server.listener.close(() => resolve()));
  server.drain.start();
  const deadline = setTimeout(() => {
    server.logger.warn("connect server drain timed out; dropping open connections", { url: server.url, drainTimeoutMs });
    server.shutdown.abort(new ConnectError("server is shutting down; retry the call", Code.Unavailable));
    server.drain.destroyAll();
  }, drainTimeoutMs);
  await closed;
  clearTimeout(deadline);
  // Neither server listens; close() only stops their internal timers.
  server.h1.close();
  server.h2.close();
  server.logger.info("connect server closed", { url: server.url });
}

type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;

const maxEndpointBodyBytes = 4 * 1024 * 1024;
type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

/** Serves `METHOD /path` endpoints with a JSON answer before the Connect handler sees the request. */
function withEndpoints(
  endpoints: NonNullable<ConnectServerOptions["endpoints"]>,
  next: (req: AnyRequest, res: AnyResponse) => void,
): (req: AnyRequest, res: AnyResponse) => void {
  return (req, res) => {
    const url = req.url ?? "";
    const queryAt = url.indexOf("?");
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const key = `${req.method ?? ""} ${path}`;
    const match = Object.keys(endpoints).find((k) => k === key || (k.endsWith("*") && key.startsWith(k.slice(0, -1))));
    if (match === undefined) return next(req, res);
    // Bodies of these endpoints are small (codec payloads, none for GETs): a larger one is refused unread.
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxEndpointBodyBytes) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > maxEndpointBodyBytes)
        return answer(res, { status: 413, json: { code: "resource_exhausted", message: `body over ${maxEndpointBodyBytes} bytes` } });
      endpoints[match]!({
        body: Buffer.concat(chunks),
        path,
        query: new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1)),
        authorization: req.headers.authorization,
      }).then(
        (reply) => answer(res, reply),
        (error: unknown) => answer(res, { status: 500, json: { error: error instanceof Error ? error.message : String(error) } }),
      );
    });
  };
}

function answer(res: AnyResponse, reply: EndpointReply): void {
  res.statusCode = reply.status;
  res.setHeader("content-type", reply.contentType ?? "application/json");
  res.setHeader("cache-control", "no-store");
  res.end(reply.body ?? JSON.stringify(reply.json ?? null));
}
