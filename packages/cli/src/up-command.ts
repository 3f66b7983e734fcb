import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createStackController } from "@ameide/stack";

const repoRoot = resolve(import.meta.dirname, "../../..");
const stateDir = join(repoRoot, ".ameide");
const pidFile = join(stateDir, "platform.pid");
const logFile = join(stateDir, "platform.log");
const endpoints = { domain: "http://127.0.0.1:8081", process: "http://127.0.0.1:8082", projection: "http://127.0.0.1:8083" };

/** `ameide up`: the stack, then every service (`ameide serve all`) in the background. */
export async function upCommand(): Promise<number> {
  const { info } = await createStackController().up();
  console.log(`stack      postgres ${info.databaseUrl}  kafka ${info.kafkaBrokers}  temporal ${info.temporalAddress}`);
  if (runningPid() !== undefined && (await healthy())) {
    console.log(`platform   already running (pid ${runningPid()}), log ${logFile}`);
    return 0;
  }
  mkdirSync(stateDir, { recursive: true });
  const out = openSync(logFile, "a");
  const child = spawn(process.execPath, [join(repoRoot, "bin/ameide.mjs"), "serve", "all"], { detached: true, stdio: ["ignore", out, out], cwd: repoRoot });
  closeSync(out);
  child.unref();
  writeFileSync(pidFile, `${child.pid}\n`);
  for (let i = 0; i < 120; i++) {
    if (await healthy()) {
      console.log(`platform   domain ${endpoints.domain}  process ${endpoints.process}  projection ${endpoints.projection}  executors: toolrun.generate, toolrun.verify, toolrun.publish, agentwork.coder`);
      console.log(`           pid ${child.pid}, log ${logFile}; \`ameide run start --repo <git url>\` starts a run, \`ameide down\` stops everything`);
      console.log(`console    ${endpoints.projection}/console/?tenant=local&repository=<repo name>&initiative=default&all=1`);
      return 0;
    }
    if (runningPid() === undefined) break;
    await sleep(500);
  }
  console.error(`platform did not become healthy; see ${logFile}`);
  return 1;
}

/** `ameide down`: stops the services `up` started, then the stack. */
export async function downCommand(): Promise<number> {
  const pid = runningPid();
  if (pid !== undefined) {
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 60 && alive(pid); i++) await sleep(250);
    if (alive(pid)) process.kill(pid, "SIGKILL");
    console.log(`platform   stopped (pid ${pid})`);
  }
  rmSync(pidFile, { force: true });
  for (const { engine, stopped } of await createStackController().down()) console.log(`${engine.padEnd(10)} ${stopped ? "stopped" : "was not running"}`);
  return 0;
}

function runningPid(): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  return Number.isInteger(pid) && alive(pid) ? pid : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function healthy(): Promise<boolean> {
  const ok = await Promise.all(Object.values(endpoints).map((url) => fetch(`${url}/healthz`).then((r) => r.ok, () => false)));
  return ok.every(Boolean);
}
