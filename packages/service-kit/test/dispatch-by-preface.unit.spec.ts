import net, { type AddressInfo, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { dispatchByPreface, http2Preface } from "../src/dispatch-by-preface.js";

interface Dispatched {
  target: "http1" | "http2";
  /** Every byte the target reads, starting with those the dispatcher pushed back. */
  received: Promise<Buffer>;
}

let listeners: net.Server[] = [];
afterEach(async () => {
  await Promise.all(listeners.map((l) => new Promise((resolve) => l.close(resolve))));
  listeners = [];
});

async function listenAndDispatch(): Promise<{ port: number; dispatched: Promise<Dispatched> }> {
  let resolveDispatched: (d: Dispatched) => void = () => {};
  const dispatched = new Promise<Dispatched>((resolve) => (resolveDispatched = resolve));
  const readAll = (target: Dispatched["target"]) => (socket: Socket) => {
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    const received = new Promise<Buffer>((resolve) => socket.once("end", () => resolve(Buffer.concat(chunks))));
    socket.once("end", () => socket.end());
    // Targets get the socket paused, as a server that reads the stream itself needs it.
    socket.resume();
    resolveDispatched({ target, received });
  };
  const listener = net.createServer((socket) => dispatchByPreface(socket, { http1: readAll("http1"), http2: readAll("http2") }));
  listeners.push(listener);
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  return { port: (listener.address() as AddressInfo).port, dispatched };
}

async function send(port: number, ...pieces: Buffer[]): Promise<void> {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  for (const piece of pieces) {
    socket.write(piece);
    // Separate TCP segments, so the dispatcher sees the pieces one by one.
    await sleep(10);
  }
  socket.end();
}

describe("dispatchByPreface", () => {
  it("hands HTTP/2 prior knowledge to http2, even when the preface arrives in pieces", async () => {
    const { port, dispatched } = await listenAndDispatch();
    const frames = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]);
    await send(port, http2Preface.subarray(0, 5), http2Preface.subarray(5), frames);
    const { target, received } = await dispatched;
    expect(target).toBe("http2");
    expect(await received).toEqual(Buffer.concat([http2Preface, frames]));
  });

  it("hands anything else to http1 with every byte intact", async () => {
    const { port, dispatched } = await listenAndDispatch();
    const request = Buffer.from("PRIVATE / HTTP/1.1\r\nhost: x\r\n\r\n");
    await send(port, request.subarray(0, 3), request.subarray(3));
    const { target, received } = await dispatched;
    expect(target).toBe("http1");
    expect(await received).toEqual(request);
  });
});
