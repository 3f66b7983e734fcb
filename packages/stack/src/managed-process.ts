import type { EngineName, EngineStatus } from "./engine.js";
import { StackError } from "./errors.js";
import { assertPortsFree, assertReachable } from "./checks.js";
import { isAlive, readPid, waitUntil } from "./process.js";

/** How an engine that runs as one process of ours (pid file) is watched. */
export interface ManagedProcess {
  readonly engine: EngineName;
  readonly address: string;
  readonly pidFile: string;
  readonly logFile: string;
  readonly external: boolean;
  healthy(): Promise<boolean>;
}

/** Waits for a freshly spawned engine process to answer; a crash or a timeout is a clear error. */
export async function awaitStartup(p: ManagedProcess, pid: number, what: string, hint: string, intervalMs = 250): Promise<void> {
  const outcome = await waitUntil(() => p.healthy(), { timeoutMs: 90_000, intervalMs, abort: () => (isAlive(pid) ? undefined : "exited") });
  if (outcome !== "ready") {
    throw new StackError(p.engine, outcome === "timeout" ? `${what} did not become ready within 90s` : `${what} exited during startup`, hint, p.logFile);
  }
}

/** The truthful state of the engine: its pid alive and answering, alive but not, gone, or never started. */
export async function managedStatus(p: ManagedProcess, extra?: Record<string, string>): Promise<EngineStatus> {
  if (p.external) return { engine: p.engine, mode: "external", state: (await p.healthy()) ? "running" : "unreachable", address: p.address };
  const pid = await readPid(p.pidFile);
  const alive = pid !== undefined && isAlive(pid);
  const state = alive ? ((await p.healthy()) ? "running" : "unreachable") : pid !== undefined ? "crashed" : "stopped";
  return { engine: p.engine, mode: "managed", state, address: p.address, pid: alive ? pid : undefined, logFile: p.logFile, extra };
}

/**
 * Whether the engine must be started: not when it is external (it must answer, else a clear
 * error) or our own process already answers; when it must, its ports have to be free.
 */
export async function needsStart(p: ManagedProcess, ports: number[], portVariables: string, externalVariable: string): Promise<boolean> {
  if (p.external) {
    await assertReachable(p.engine, () => p.healthy(), p.address, externalVariable);
    return false;
  }
  const pid = await readPid(p.pidFile);
  if (pid !== undefined && isAlive(pid) && (await p.healthy())) return false;
  await assertPortsFree(p.engine, ports, portVariables);
  return true;
}
