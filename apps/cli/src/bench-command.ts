import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { CliError, ExitCode } from "./cli-errors.js";

const repoRoot = resolve(import.meta.dirname, "../../..");
const areas = ["domain", "projection", "chain"];

/**
 * `ameide bench [area...]`: every benchmark (or the named ones) on the local stack, one report on
 * stdout (markdown: the machine, each figure against its goal, the baseline of the same run and
 * the previous figure, then each benchmark's own report); progress on stderr.
 */
export async function benchCommand(chosen: string[]): Promise<number> {
  const unknown = chosen.filter((a) => !areas.includes(a));
  if (unknown.length > 0)
    throw new CliError(`unknown benchmark area ${unknown.join(", ")}`, `give any of ${areas.join(", ")}, or none for all`, ExitCode.Usage);
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@ameide/source", join(repoRoot, "bench/all-bench.ts"), ...chosen], {
    cwd: repoRoot,
    stdio: "inherit",
  });
  return new Promise((resolveExit, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolveExit(code === 0 ? ExitCode.Ok : ExitCode.Failed));
  });
}
