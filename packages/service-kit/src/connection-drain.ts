import type http from "node:http";
import type http2 from "node:http2";
import type { Socket } from "node:net";

/** What a graceful close has to end once in-flight requests are done: sockets and sessions. */
export interface ConnectionDrain {
  /** Remember a socket accepted by the listener, until it closes. */
  track(socket: Socket): void;
  /** End idle connections now and every other one as soon as its in-flight requests finish. */
  start(): void;
  /** Give up waiting: destroy every socket that is still open. */
  destroyAll(): void;
}

/**
 * Create the drain for an HTTP/1 and an HTTP/2 server fed by one listener. Neither server owns
 * a listening socket, so neither can find its own connections on close: this does it for them.
 */
export function createConnectionDrain(h1: http.Server, h2: http2.Http2Server): ConnectionDrain {
  const sockets = new Set<Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  const responses = new Set<http.ServerResponse>();
  let draining = false;
  h2.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    // A connection sniffed after close() began still gets its in-flight streams, but no more.
    if (draining) session.close();
  });
  // Prepended so the header is set before the RPC handler can start the response.
  h1.prependListener("request", (_req, res) => {
    responses.add(res);
    if (draining) res.setHeader("connection", "close");
    res.once("close", () => {
      responses.delete(res);
      // The connection turns idle only after this event; sweep on the next turn of the loop.
      if (draining) setImmediate(() => h1.closeIdleConnections());
    });
  });
  return {
    track(socket) {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
    },
    start() {
      draining = true;
      // A connection that has not sent a byte (a browser's preconnect) carries no request.
      for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
      h1.closeIdleConnections();
      // Without this a client pools the connection and its next request races our closing it.
      for (const res of responses) if (!res.headersSent) res.setHeader("connection", "close");
      for (const session of sessions) session.close();
    },
    destroyAll() {
      for (const socket of sockets) socket.destroy();
    },
  };
}
