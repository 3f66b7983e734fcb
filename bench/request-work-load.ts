import { type LoadRun, runClosedLoop } from "./closed-loop.js";
import { createRequestWorkClients } from "./request-work-clients.js";
import { runInWorker } from "./in-worker.js";

/** Where the RequestWork callers run: a worker thread (default) or the service's own event loop. */
export type CallerThread = "worker" | "main";

/** One RequestWork closed-loop run, as the worker receives it. */
export interface RequestWorkLoadInput {
  readonly baseUrl: string;
  readonly clients: number;
  readonly durationMs: number;
  readonly tenantId: string;
}

/** Runs `clients` RequestWork loops against the service at `baseUrl`. */
export function runRequestWorkLoad(input: RequestWorkLoadInput, thread: CallerThread, signal: AbortSignal): Promise<LoadRun> {
  return thread === "worker" ? inWorker(input, signal) : inMainThread(input, signal);
}

async function inMainThread(input: RequestWorkLoadInput, signal: AbortSignal): Promise<LoadRun> {
  const callers = createRequestWorkClients(input.baseUrl, input.clients, input.tenantId);
  try {
    return await runClosedLoop({ clients: input.clients, durationMs: input.durationMs, signal, call: (client, seq) => callers.requestWork(client, seq) });
  } finally {
    callers.close();
  }
}

function inWorker(input: RequestWorkLoadInput, signal: AbortSignal): Promise<LoadRun> {
  return runInWorker(new URL("./request-work-worker.ts", import.meta.url), input, signal);
}
