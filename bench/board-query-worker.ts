// Worker-thread entry of the board query timing (see board-query-latency.ts): the GetKanbanBoard
// calls get an event loop and heap of their own, as a real client would.
import { toBinary } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { parentPort, workerData } from "node:worker_threads";
import { GetKanbanBoardResponseSchema, KanbanQueryService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { benchCaller } from "./bench-auth.js";
import type { BoardRequestTimings, BoardRequestsInput } from "./board-query-latency.js";

const input = workerData as BoardRequestsInput;
const port = parentPort;
if (port === null) throw new Error("board-query-worker.ts runs as a worker thread; start it through timeBoardQueries");
const stop = new AbortController();
port.once("message", () => stop.abort());
const session = new Http2SessionManager(input.baseUrl);
const client = createClient(
  KanbanQueryService,
  createConnectTransport({ baseUrl: input.baseUrl, httpVersion: "2", sessionManager: session, interceptors: [benchCaller(["viewer"])] }),
);
try {
  const timings: BoardRequestTimings[] = [];
  for (const request of input.requests) {
    for (let i = 0; i < input.warmUp; i++) await client.getKanbanBoard(request, { signal: stop.signal });
    const latenciesMs: number[] = [];
    let last: Uint8Array | undefined;
    for (let i = 0; i < input.count; i++) {
      const started = performance.now();
      const response = await client.getKanbanBoard(request, { signal: stop.signal });
      latenciesMs.push(performance.now() - started);
      if (i === input.count - 1) last = toBinary(GetKanbanBoardResponseSchema, response);
    }
    timings.push({ latenciesMs, lastResponse: last ?? new Uint8Array() });
  }
  port.postMessage(timings);
} finally {
  session.abort();
}
