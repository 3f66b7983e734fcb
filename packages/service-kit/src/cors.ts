import type http from "node:http";
import type http2 from "node:http2";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

const allowedHeaders = "authorization, content-type, connect-protocol-version, connect-timeout-ms, grpc-timeout, x-grpc-web, x-user-agent, x-namespace";
const exposedHeaders = "grpc-status, grpc-message, grpc-status-details-bin";

/**
 * CORS for browser clients of another origin (the web console calls the Process API from the
 * projection's origin; Temporal's Web UI calls the codec endpoint). Only the listed origins get
 * the headers; a preflight from them is answered here, everything else goes on to `next`.
 */
export function withCors(origins: readonly string[], next: (req: Request, res: Response) => void): (req: Request, res: Response) => void {
  const allowed = new Set(origins);
  return (req, res) => {
    const origin = req.headers.origin;
    if (typeof origin !== "string" || !allowed.has(origin)) return next(req, res);
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("vary", "Origin");
    res.setHeader("access-control-expose-headers", exposedHeaders);
    if (req.method === "OPTIONS") {
      res.setHeader("access-control-allow-methods", "POST, GET, OPTIONS");
      res.setHeader("access-control-allow-headers", allowedHeaders);
      res.setHeader("access-control-max-age", "600");
      res.statusCode = 204;
      res.end();
      return;
    }
    next(req, res);
  };
}
