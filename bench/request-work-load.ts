import { Worker } from "node:worker_threads";
import { type LoadRun, runClosedLoop } from "./closed-loop.js";
import { createRequestWorkClients } from "./request-work-clients.js";

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

async function inWorker(input: RequestWorkLoadInput, signal: AbortSignal): Promise<LoadRun> {
  const entry = new URL("./request-work-worker.ts", import.meta.url).href;
  // Node 20 loads a worker's entry without the parent's loader hooks, so tsx is registered first.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry)}))`;
  const worker = new Worker(bootstrap, { eval: true, execArgv: [], workerData: input });
  const stop = () => worker.postMessage("stop");
  signal.addEventListener("abort", stop, { once: true });
  try {
    return await new Promise<LoadRun>((resolve, reject) => {
      worker.once("message", (run: LoadRun) => resolve(run));
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the RequestWork worker exited (code ${code}) before reporting; see the error above`)));
    });
  } finally {
    signal.removeEventListener("abort", stop);
    await worker.terminate();
  }
}
