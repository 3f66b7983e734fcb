import { spawn, type SpawnOptions } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** Starts a long-running process detached from this one, output to a log file, pid to a file. */
export async function spawnDetached(
  command: string,
  args: readonly string[],
  options: { logFile: string; pidFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<number> {
  const out = openSync(options.logFile, "a");
  try {
    const spawnOptions: SpawnOptions = {
      detached: true,
      stdio: ["ignore", out, out],
      env: options.env ?? process.env,
      cwd: options.cwd,
    };
    const child = spawn(command, args, spawnOptions);
    const pid = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("spawn", () => resolve(child.pid ?? -1));
    });
    child.unref();
    await writeFile(options.pidFile, `${pid}\n`);
    return pid;
  } finally {
    closeSync(out);
  }
}

/** Reads a pid file; undefined when it is missing or empty. */
export async function readPid(pidFile: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(pidFile, "utf8")).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True when a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Stops the process of a pid file (TERM, then KILL after the grace period) and removes the file. */
export async function stopPidFile(pidFile: string, graceMs = 15_000): Promise<boolean> {
  const pid = await readPid(pidFile);
  if (pid === undefined || !isAlive(pid)) {
    await rm(pidFile, { force: true });
    return false;
  }
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await sleep(100);
  }
  if (isAlive(pid)) {
    process.kill(pid, "SIGKILL");
  }
  await rm(pidFile, { force: true });
  return true;
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Polls a check until it passes ("ready"), the deadline passes ("timeout"), or `abort` returns a
 * reason (e.g. the process died), which is returned as is.
 */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; abort?: () => string | undefined },
): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const reason = options.abort?.();
    if (reason !== undefined) return reason;
    if (await check()) return "ready";
    await sleep(options.intervalMs ?? 250);
  }
  return "timeout";
}

/** Runs a command to completion, returning its exit code and combined output. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", (error) => resolve({ code: 127, output: `${output}${error.message}` }));
    child.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
