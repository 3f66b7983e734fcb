import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createStackController, loadStackConfig, printProgress } from "@ameide/stack";
import { ExitCode } from "./cli-errors.js";
import type { SupervisorState } from "./supervisor.js";
import { localExecutorSetup, localStateDir, platformConsoleUrl, sampleRepo } from "@ameide/platform/local";
import { registerSample } from "./repo-command.js";
import { consoleLinkToken } from "./cli-auth.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const pidFile = join(localStateDir, "platform.pid");
const logFile = join(localStateDir, "platform.log");
const stateFile = join(localStateDir, "platform.json");

/** `ameide supervise` (started by `up`): runs `serve all` and restarts it whenever it exits. */
export async function superviseCommand(): Promise<number> {
  const { supervise } = await import("./supervisor.js");
  return supervise({ command: process.execPath, args: [join(repoRoot, "bin/ameide.mjs"), "serve", "all"], logFile, stateFile });
}

/** What the supervisor last recorded (restarts, last exit), when `up` started one. */
export function supervisorState(): SupervisorState | undefined {
  if (!existsSync(stateFile)) return undefined;
  try {
    return JSON.parse(readFileSync(stateFile, "utf8")) as SupervisorState;
  } catch {
    return undefined;
  }
}

/** Where `ameide up` serves each service. */
export const platformEndpoints = { domain: "http://127.0.0.1:8081", process: "http://127.0.0.1:8082", projection: "http://127.0.0.1:8083" } as const;

/** `ameide up`: the stack, then every service (`ameide serve all`) in the background, ready to run the sample. */
export async function upCommand(): Promise<number> {
  const { info } = await createStackController(loadStackConfig(), printProgress()).up();
  console.log(`stack      postgres ${info.databaseUrl}  kafka ${info.kafkaBrokers}  temporal ${info.temporalAddress}`);
  const running = platformPid();
  if (running !== undefined && (await healthy())) {
    console.log(`platform   already running (pid ${running}), log ${logFile}`);
    await printNext();
    return ExitCode.Ok;
  }
  const setup = localExecutorSetup();
  for (const note of setup.notes) console.log(`local      ${note}`);
  mkdirSync(localStateDir, { recursive: true });
  const out = openSync(logFile, "a");
  const started = performance.now();
  console.log("platform   starting domain, process, projection and the executors ...");
  // The supervisor restarts `serve all` whenever it exits (crash, engine lost at startup).
  const child = spawn(process.execPath, [join(repoRoot, "bin/ameide.mjs"), "supervise"], {
    detached: true,
    stdio: ["ignore", out, out],
    cwd: repoRoot,
    // Callers are verified by the local development issuer (`ameide token` signs with its key).
    env: { ...process.env, AMEIDE_AUTH_MODE: "local", ...setup.env },
  });
  closeSync(out);
  child.unref();
  writeFileSync(pidFile, `${child.pid}\n`);
  for (let i = 0; i < 240; i++) {
    if (await healthy()) {
      console.log(
        `platform   ready in ${((performance.now() - started) / 1000).toFixed(1)}s (supervisor pid ${child.pid}, restarts a crashed platform; log ${logFile})`,
      );
      console.log(`           domain ${platformEndpoints.domain}  process ${platformEndpoints.process}  projection ${platformEndpoints.projection}`);
      console.log("           executors: toolrun.generate, toolrun.verify, toolrun.publish, agentwork.coder");
      await printNext();
      return ExitCode.Ok;
    }
    if (platformPid() === undefined) break;
    await sleep(500);
  }
  console.error(`error: the platform did not become healthy\n  -> read ${logFile}; \`ameide doctor\` shows which engine or port is the problem`);
  return ExitCode.Failed;
}

async function printNext(): Promise<void> {
  const sample = sampleRepo();
  await registerSample("local", sample);
  console.log(`repository ${sample.repositoryId} registered for tenant local (${sample.url}); others: \`ameide repo add <url>\``);
  const token = await consoleLinkToken("local");
  console.log(
    `console    ${platformConsoleUrl({ tenant: "local", repository: "sample-service", initiative: "default" }, token, platformEndpoints.projection)}`,
  );
  console.log("next       ameide run start --sample");
}

/** `ameide down`: stops the services `up` started; with `stack`, the engines too. */
export async function downCommand(stack: boolean): Promise<number> {
  const pid = platformPid();
  if (pid !== undefined) {
    // The supervisor stops the platform (SIGKILL after 10 s) and then itself; wait a little longer.
    const child = supervisorState()?.childPid;
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 60 && alive(pid); i++) await sleep(250);
    if (alive(pid)) process.kill(pid, "SIGKILL");
    if (child !== undefined && alive(child)) process.kill(child, "SIGKILL");
    console.log(`platform   stopped (supervisor pid ${pid})`);
  } else {
    console.log("platform   was not running");
  }
  rmSync(pidFile, { force: true });
  if (!stack) {
    console.log("stack      left running (`ameide down --stack` stops PostgreSQL, Kafka and Temporal too)");
    return ExitCode.Ok;
  }
  for (const { engine, stopped } of await createStackController().down()) console.log(`${engine.padEnd(10)} ${stopped ? "stopped" : "was not running"}`);
  return ExitCode.Ok;
}

/** The pid of the platform `up` started, while it lives. */
export function platformPid(): number | undefined {
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
  const ok = await Promise.all(
    Object.values(platformEndpoints).map((url) =>
      fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    ),
  );
  return ok.every(Boolean);
}
