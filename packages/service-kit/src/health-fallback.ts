import type { ConnectNodeAdapterOptions } from "@connectrpc/connect-node";
import type { Logger } from "./logger.js";
import { readStaticFile, type StaticFiles } from "./static-files.js";

// connect-node does not export its handler types by name; derive them from the adapter options.
type NodeHandlerFn = NonNullable<ConnectNodeAdapterOptions["fallback"]>;
type NodeServerResponse = Parameters<NodeHandlerFn>[1];

/** Checks of the engines a service needs, by name; each resolves true when the engine answers. */
export type Readiness = Readonly<Record<string, () => Promise<boolean>>>;

/** How long one engine check may take before the engine counts as down. */
const checkTimeoutMs = 2000;

/**
 * Create the handler for every path that is not an RPC: `GET /healthz` (liveness: the process
 * lives, always 200), `GET /readyz` (each engine's state as JSON; 503 when one is down),
 * `GET /statusz` (JSON from `status()`, e.g. outbox lag), `GET /.well-known/jwks.json` (a
 * local issuer's public keys), static files when configured, 404 for
 * the rest.
 */
export function createHealthFallback(
  readiness: Readiness,
  logger: Logger,
  extras: { files?: StaticFiles; status?: () => Promise<Record<string, unknown>>; jwks?: object } = {},
): NodeHandlerFn {
  const { files, status, jwks } = extras;
  return (req, res) => {
    const path = (req.url ?? "").split("?", 1)[0] ?? "";
    if (req.method === "GET" && path === "/healthz") {
      respond(res, 200, "ok");
    } else if (req.method === "GET" && path === "/statusz" && status !== undefined) {
      void respondStatus(status, logger, res);
    } else if (req.method === "GET" && path === "/.well-known/jwks.json" && jwks !== undefined) {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "max-age=300" });
      res.end(JSON.stringify(jwks));
    } else if (req.method === "GET" && path === "/readyz") {
      void respondReadiness(readiness, logger, res);
    } else if (req.method === "GET" && files !== undefined) {
      void respondFile(files, path, res);
    } else {
      respond(res, 404, "not found");
    }
  };
}

async function respondFile(files: StaticFiles, path: string, res: NodeServerResponse): Promise<void> {
  const file = await readStaticFile(files, path);
  if (file === undefined) return respond(res, 404, "not found");
  res.writeHead(200, { "content-type": file.contentType, "cache-control": "no-cache" });
  res.end(file.body);
}

async function respondStatus(status: () => Promise<Record<string, unknown>>, logger: Logger, res: NodeServerResponse): Promise<void> {
  try {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(await status()));
  } catch (e) {
    logger.warn("status report failed", { error: e });
    respond(res, 503, "status unavailable");
  }
}

/** Runs every engine check (each bounded by 2 s): the engines' states and whether all are up. */
export async function checkEngines(readiness: Readiness, logger: Logger): Promise<{ ready: boolean; engines: Record<string, "up" | "down"> }> {
  const states = await Promise.all(
    Object.entries(readiness).map(async ([engine, check]) => {
      try {
        const up = await Promise.race([check(), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), checkTimeoutMs).unref())]);
        return [engine, up ? "up" : "down"] as const;
      } catch (e) {
        // A failing check means "down", not a crashed probe; the log says why.
        logger.warn("readiness check failed", { engine, error: e });
        return [engine, "down"] as const;
      }
    }),
  );
  return { ready: states.every(([, state]) => state === "up"), engines: Object.fromEntries(states) };
}

async function respondReadiness(readiness: Readiness, logger: Logger, res: NodeServerResponse): Promise<void> {
  const report = await checkEngines(readiness, logger);
  res.writeHead(report.ready ? 200 : 503, { "content-type": "application/json" });
  res.end(JSON.stringify(report));
}

function respond(res: NodeServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(body);
}
