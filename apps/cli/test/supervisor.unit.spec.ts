import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect, test } from "vitest";
import type { SupervisorState } from "../src/supervisor.js";

const supervisorModule = resolve(import.meta.dirname, "../src/supervisor.ts");

test("the supervisor restarts a command that exits, records each exit, and stops it on SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ameide-supervisor-"));
  const stateFile = join(dir, "state.json");
  const logFile = join(dir, "log");
  // The supervised command crashes 150 ms after each start.
  const options = {
    command: process.execPath,
    args: ["-e", "setTimeout(() => process.exit(3), 150)"],
    logFile,
    stateFile,
    initialDelayMs: 100,
    maxDelayMs: 200,
  };
  const script = `import(${JSON.stringify(supervisorModule)}).then((m) => m.supervise(${JSON.stringify(options)})).then((code) => process.exit(code))`;
  const supervisor = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: "ignore" });
  try {
    let state: SupervisorState | undefined;
    for (let i = 0; i < 100 && (state?.restarts ?? 0) < 3; i++) {
      await sleep(100);
      state = readState(stateFile) ?? state;
    }
    expect(state?.restarts).toBeGreaterThanOrEqual(3);
    expect(state?.lastExit?.code).toBe(3);
    expect(readFileSync(logFile, "utf8")).toContain("exited (code 3, signal null); restart 1");
  } finally {
    const exited = new Promise<number | null>((r) => supervisor.once("exit", (code) => r(code)));
    supervisor.kill("SIGTERM");
    expect(await exited).toBe(0);
  }
  const final = JSON.parse(readFileSync(stateFile, "utf8")) as SupervisorState;
  expect(final.childPid).toBeUndefined();
}, 30_000);

function readState(file: string): SupervisorState | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SupervisorState;
  } catch {
    return undefined; // not written yet, or caught mid-write
  }
}
