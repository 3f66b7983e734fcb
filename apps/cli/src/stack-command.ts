import { spawn } from "node:child_process";
import { createStackController, loadStackConfig, printProgress } from "@ameide/stack";
import { CliError, ExitCode } from "./cli-errors.js";

const controller = () => createStackController(loadStackConfig(), printProgress());

/** `ameide stack up`: provisions (first time) and starts the engines, with a line per long step. */
export async function stackUp(): Promise<number> {
  const { info, timings, createdTopics } = await controller().up();
  console.log(`postgres   ${info.databaseUrl}`);
  console.log(`kafka      ${info.kafkaBrokers}`);
  console.log(`temporal   ${info.temporalAddress}${info.temporalUiUrl ? `  (ui ${info.temporalUiUrl})` : ""}`);
  if (createdTopics.length > 0) console.log(`topics     created ${createdTopics.join(", ")}`);
  const total = Object.values(timings).reduce((a, b) => a + b, 0);
  console.log(
    `timings    ${Object.entries(timings)
      .map(([k, v]) => `${k}=${(v / 1000).toFixed(1)}s`)
      .join(" ")} (steps run in parallel; sum ${(total / 1000).toFixed(1)}s)`,
  );
  return ExitCode.Ok;
}

/** `ameide stack down`. */
export async function stackDown(): Promise<number> {
  for (const { engine, stopped } of await controller().down()) {
    console.log(`${engine.padEnd(10)} ${stopped ? "stopped" : "was not running (or is external)"}`);
  }
  return ExitCode.Ok;
}

/** `ameide stack status`: non-zero when any engine is not running, so scripts can gate on it. */
export async function stackStatus(json: boolean): Promise<number> {
  const statuses = await controller().status();
  if (json) {
    console.log(JSON.stringify(statuses, null, 2));
  } else {
    for (const s of statuses) {
      const pid = s.pid ? ` pid ${s.pid}` : "";
      console.log(`${s.engine.padEnd(10)} ${s.state.padEnd(11)} ${s.mode.padEnd(8)} ${s.address}${pid}${s.logFile ? `  log ${s.logFile}` : ""}`);
    }
  }
  return statuses.every((s) => s.state === "running") ? ExitCode.Ok : ExitCode.Failed;
}

/** `ameide stack logs [engine...] [-f]`. */
export async function stackLogs(engines: string[], follow: boolean): Promise<number> {
  const files = controller().logFiles();
  const selected = engines.length > 0 ? engines : Object.keys(files);
  const unknown = selected.filter((n) => !(n in files));
  if (unknown.length > 0) throw new CliError(`unknown engine ${unknown.join(", ")}`, `one of ${Object.keys(files).join(", ")}`, ExitCode.Usage);
  const child = spawn("tail", [follow ? "-F" : "-n200", ...selected.map((n) => files[n] ?? "")], { stdio: "inherit" });
  return new Promise((resolve) => child.once("close", (code) => resolve(code ?? 0)));
}

/** `ameide stack reset`: stops the engines and wipes their data; the caches stay. */
export async function stackReset(): Promise<number> {
  await controller().reset();
  console.log("stack stopped and its data wiped (caches kept)");
  return ExitCode.Ok;
}
