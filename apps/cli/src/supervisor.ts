import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** What the supervisor records after every change, for `ameide doctor`. */
export interface SupervisorState {
  readonly supervisorPid: number;
  readonly childPid?: number;
  readonly restarts: number;
  readonly lastExit?: { readonly code: number | null; readonly signal: string | null; readonly at: string };
  readonly startedAt: string;
}

/** How to supervise one command. */
export interface SupervisorOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly stateFile: string;
  readonly env?: NodeJS.ProcessEnv;
  /** First restart delay; doubles up to `maxDelayMs`, back to the first after `stableMs` of uptime. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly stableMs?: number;
}

/**
 * Runs the command and restarts it whenever it exits, with exponential backoff and jitter, until
 * SIGTERM/SIGINT: then the child gets SIGTERM (SIGKILL after 10 s) and the supervisor returns.
 */
export async function supervise(options: SupervisorOptions): Promise<number> {
  const initialDelayMs = options.initialDelayMs ?? 1000;
  let delayMs = initialDelayMs;
  let state: SupervisorState = { supervisorPid: process.pid, restarts: 0, startedAt: new Date().toISOString() };
  const record = (next: SupervisorState) => {
    state = next;
    writeFileSync(options.stateFile, `${JSON.stringify(state, null, 2)}\n`);
  };
  let child: ChildProcess | undefined;
  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      if (stopping) return;
      stopping = true;
      // SIGTERM, then SIGKILL after 10 s: a child that ignores the signal must not outlive us.
      void stopChild(child);
      resolve();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  });
  while (!stopping) {
    const startedAt = Date.now();
    child = start(options);
    record({ ...state, childPid: child.pid });
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child?.once("exit", (code, signal) => resolve({ code, signal })),
    );
    if (stopping) break;
    delayMs = Date.now() - startedAt > (options.stableMs ?? 60_000) ? initialDelayMs : delayMs;
    const wait = delayMs / 2 + Math.random() * (delayMs / 2);
    record({ ...state, childPid: undefined, restarts: state.restarts + 1, lastExit: { ...exit, at: new Date().toISOString() } });
    appendLog(
      options.logFile,
      `supervisor: ${options.args.join(" ")} exited (code ${exit.code}, signal ${exit.signal}); restart ${state.restarts} in ${(wait / 1000).toFixed(1)}s`,
    );
    await Promise.race([sleep(wait), stopped]);
    delayMs = Math.min(delayMs * 2, options.maxDelayMs ?? 30_000);
  }
  await stopChild(child);
  record({ ...state, childPid: undefined });
  return 0;
}

function start(options: SupervisorOptions): ChildProcess {
  const out = openSync(options.logFile, "a");
  try {
    return spawn(options.command, [...options.args], { stdio: ["ignore", out, out], env: options.env ?? process.env });
  } finally {
    closeSync(out);
  }
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function appendLog(logFile: string, line: string): void {
  const fd = openSync(logFile, "a");
  try {
    writeFileSync(fd, `${JSON.stringify({ time: new Date().toISOString(), level: "warn", msg: line })}\n`);
  } finally {
    closeSync(fd);
  }
}
