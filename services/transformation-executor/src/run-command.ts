import { spawn } from "node:child_process";
import { chownTree, sandboxed, type SandboxMode, type SandboxPolicy } from "./sandbox/sandbox.js";

/** What a finished (or killed) command left behind. */
export interface CommandResult {
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** True when output beyond the cap was dropped (the tail is kept). */
  readonly truncated: boolean;
  readonly durationMs: number;
}

/** How to run one command. */
export interface RunCommandOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Bytes kept per stream; the newest output wins. */
  readonly maxOutputBytes?: number;
  /** Runs the command in a sandbox (repository code is hostile); without one it runs as a plain child. */
  readonly sandbox?: { readonly mode: SandboxMode; readonly policy: SandboxPolicy };
}

/**
 * Runs a shell command in its own process group; on timeout the whole group is killed and the
 * result says so. Output is captured up to a cap, keeping the tail (where errors are).
 */
export async function runShellCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  const cap = options.maxOutputBytes ?? 1024 * 1024;
  const started = performance.now();
  const env = stringEnv(options.env ?? process.env);
  let argv: { file: string; args: string[]; env: NodeJS.ProcessEnv } = { file: "sh", args: ["-c", command], env };
  if (options.sandbox !== undefined) {
    const wrapped = sandboxed(options.sandbox.mode, command, options.sandbox.policy, env);
    if (wrapped.uid !== undefined) {
      await chownTree(options.sandbox.policy.writable, wrapped.uid);
      for (const bind of options.sandbox.policy.binds ?? []) await chownTree(bind.source, wrapped.uid);
    }
    // bwrap sets the command's environment itself (--clearenv); its launchers need only PATH.
    argv = { file: wrapped.file, args: wrapped.args, env: options.sandbox.mode === "bwrap" ? { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" } : env };
  }
  return new Promise((resolve) => {
    const child = spawn(argv.file, argv.args, { cwd: options.cwd, env: argv.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const stdout = capped(cap);
    const stderr = capped(cap);
    child.stdout.on("data", stdout.push);
    child.stderr.on("data", stderr.push);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, "SIGTERM");
      setTimeout(() => killGroup(child.pid, "SIGKILL"), 2000).unref();
    }, options.timeoutMs);
    const finish = (exitCode: number) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        timedOut,
        stdout: stdout.text(),
        stderr: stderr.text(),
        truncated: stdout.truncated() || stderr.truncated(),
        durationMs: Math.round(performance.now() - started),
      });
    };
    child.once("error", (error) => {
      stderr.push(Buffer.from(error.message));
      finish(127);
    });
    child.once("close", (code, signal) => finish(code ?? (signal ? 128 + 15 : 1)));
  });
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function capped(cap: number) {
  let chunks: Buffer[] = [];
  let size = 0;
  let dropped = false;
  return {
    push: (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      while (size > cap && chunks.length > 1) {
        size -= chunks[0]?.length ?? 0;
        chunks = chunks.slice(1);
        dropped = true;
      }
    },
    text: () => {
      const all = Buffer.concat(chunks);
      if (all.length > cap) dropped = true;
      return all.subarray(Math.max(0, all.length - cap)).toString("utf8");
    },
    truncated: () => dropped,
  };
}
