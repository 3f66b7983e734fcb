import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const file = join(resolve(import.meta.dirname, "../../.."), ".ameide", "latest-run.json");

/** The scope of the run this checkout's CLI started last (the board `ameide board` shows by default). */
export interface LatestRun {
  readonly tenantId: string;
  readonly organizationId: string;
  readonly repositoryId: string;
  readonly initiativeId: string;
  readonly processInstanceId: string;
}

/** Records the run `ameide run start` just started. */
export function rememberLatestRun(run: LatestRun): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
}

/** The run recorded last, if any. */
export function latestRun(): LatestRun | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LatestRun;
  } catch {
    return undefined;
  }
}
