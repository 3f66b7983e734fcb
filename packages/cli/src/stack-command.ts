import { spawn } from "node:child_process";
import { createStackController, loadStackConfig, printProgress, type StackController } from "@ameide/stack";

const usage = "usage: ameide stack up|down|status [--json]|logs [postgres|kafka|temporal] [-f]|reset";

/** Runs `ameide stack <subcommand>`; returns the process exit code. */
export async function stackCommand(args: string[]): Promise<number> {
  const controller = createStackController(loadStackConfig(), printProgress());
  switch (args[0]) {
    case "up":
      return up(controller);
    case "down":
      return down(controller);
    case "status":
      return status(controller, args.includes("--json"));
    case "logs":
      return logs(controller, args.slice(1));
    case "reset":
      await controller.reset();
      console.log("stack stopped and its data wiped (caches kept)");
      return 0;
    default:
      console.error(usage);
      return 2;
  }
}

async function up(controller: StackController): Promise<number> {
  const { info, timings, createdTopics } = await controller.up();
  console.log(`postgres   ${info.databaseUrl}`);
  console.log(`kafka      ${info.kafkaBrokers}`);
  console.log(`temporal   ${info.temporalAddress}${info.temporalUiUrl ? `  (ui ${info.temporalUiUrl})` : ""}`);
  if (createdTopics.length > 0) console.log(`topics     created ${createdTopics.join(", ")}`);
  const total = Object.values(timings).reduce((a, b) => a + b, 0);
  console.log(`timings    ${Object.entries(timings).map(([k, v]) => `${k}=${(v / 1000).toFixed(1)}s`).join(" ")} (steps run in parallel; sum ${(total / 1000).toFixed(1)}s)`);
  return 0;
}

async function down(controller: StackController): Promise<number> {
  for (const { engine, stopped } of await controller.down()) {
    console.log(`${engine.padEnd(10)} ${stopped ? "stopped" : "was not running (or is external)"}`);
  }
  return 0;
}

async function status(controller: StackController, json: boolean): Promise<number> {
  const statuses = await controller.status();
  if (json) {
    console.log(JSON.stringify(statuses, null, 2));
  } else {
    for (const s of statuses) {
      const pid = s.pid ? ` pid ${s.pid}` : "";
      console.log(`${s.engine.padEnd(10)} ${s.state.padEnd(11)} ${s.mode.padEnd(8)} ${s.address}${pid}${s.logFile ? `  log ${s.logFile}` : ""}`);
    }
  }
  // Non-zero when any engine is not running, so scripts can gate on it.
  return statuses.every((s) => s.state === "running") ? 0 : 1;
}

async function logs(controller: StackController, args: string[]): Promise<number> {
  const files = controller.logFiles();
  const names = args.filter((a) => !a.startsWith("-"));
  const selected = names.length > 0 ? names : Object.keys(files);
  const unknown = selected.filter((n) => !(n in files));
  if (unknown.length > 0) {
    console.error(`unknown engine ${unknown.join(", ")}; one of ${Object.keys(files).join(", ")}`);
    return 2;
  }
  const tailArgs = [args.includes("-f") ? "-F" : "-n200", ...selected.map((n) => files[n] ?? "")];
  const child = spawn("tail", tailArgs, { stdio: "inherit" });
  return new Promise((resolve) => child.once("close", (code) => resolve(code ?? 0)));
}
