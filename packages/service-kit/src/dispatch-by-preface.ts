import type { Socket } from "node:net";

/** Where a cleartext connection goes once its first bytes say which HTTP version it speaks. */
export interface PrefaceTargets {
  http1: (socket: Socket) => void;
  http2: (socket: Socket) => void;
}

/** The bytes every HTTP/2 client with prior knowledge sends first (RFC 9113, section 3.4). */
export const http2Preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/**
 * Read just enough of a new connection to tell HTTP/2 prior knowledge from HTTP/1, then hand the
 * socket to the matching target, paused, with the bytes read so far pushed back.
 */
export function dispatchByPreface(socket: Socket, targets: PrefaceTargets): void {
  let seen = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    seen = Buffer.concat([seen, chunk]);
    const compared = Math.min(seen.length, http2Preface.length);
    const isPrefix = seen.subarray(0, compared).equals(http2Preface.subarray(0, compared));
    // A client may send the preface in pieces; wait until the bytes prove one way or the other.
    if (isPrefix && seen.length < http2Preface.length) return;
    socket.off("data", onData);
    socket.off("end", onEnd);
    socket.off("error", onError);
    socket.pause();
    socket.unshift(seen);
    (isPrefix ? targets.http2 : targets.http1)(socket);
  };
  const onEnd = (): void => {
    socket.destroy();
  };
  // Until a server owns the socket, a reset by the peer must not become an unhandled 'error'.
  const onError = (): void => {
    socket.destroy();
  };
  socket.on("data", onData);
  socket.once("end", onEnd);
  socket.once("error", onError);
}
