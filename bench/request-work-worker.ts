// Worker-thread entry of the RequestWork load (see request-work-load.ts): the callers get an event
// loop of their own, so the service's loop runs only the service and its relay.
import { parentPort, workerData } from "node:worker_threads";
import { runClosedLoop } from "./closed-loop.js";
import type { RequestWorkLoadInput } from "./request-work-load.js";
import { createRequestWorkClients } from "./request-work-clients.js";

const input = workerData as RequestWorkLoadInput;
const port = parentPort;
if (port === null) throw new Error("request-work-worker.ts runs as a worker thread; start it through runRequestWorkLoad");
const stop = new AbortController();
port.once("message", () => stop.abort());
const callers = createRequestWorkClients(input.baseUrl, input.clients, input.tenantId);
try {
  port.postMessage(
    await runClosedLoop({ clients: input.clients, durationMs: input.durationMs, signal: stop.signal, call: (client, seq) => callers.requestWork(client, seq) }),
  );
} finally {
  callers.close();
}
