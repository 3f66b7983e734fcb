import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";

/** One declared command. */
export interface DeclaredCommand {
  readonly command: string;
  readonly timeoutSeconds?: number;
  /** Files (relative, `*` allowed in the last segment) whose digests the run reports. */
  readonly artifacts?: readonly string[];
  /** The command needs the network; it gets it only when the repository's registration allows it. */
  readonly network?: boolean;
}

/** What a target repository declares in `.ameide/work.yaml`. */
export interface WorkManifest {
  readonly actions: Partial<Record<"preflight" | "scaffold" | "generate" | "build" | "publish" | "smoke", DeclaredCommand>> & {
    readonly verify?: { readonly suites: Record<string, DeclaredCommand> };
  };
}

/** Path of the manifest inside a checkout. */
export const workManifestPath = ".ameide/work.yaml";

/** A manifest problem the repository owner must fix; the work fails with this message. */
export class WorkManifestError extends Error {
  override readonly name = "WorkManifestError";
}

/** Reads and checks the manifest of a checkout. */
export async function loadWorkManifest(checkoutDir: string): Promise<WorkManifest> {
  let text: string;
  try {
    text = await readFile(join(checkoutDir, workManifestPath), "utf8");
  } catch {
    throw new WorkManifestError(`${workManifestPath} not found in the repository: declare the commands of each action there (see the executor README)`);
  }
  const doc = parse(text) as { actions?: Record<string, unknown> } | null;
  if (doc === null || typeof doc !== "object" || typeof doc.actions !== "object" || doc.actions === null) {
    throw new WorkManifestError(`${workManifestPath} must have an "actions" map`);
  }
  return { actions: normalizeActions(doc.actions) };
}

function normalizeActions(actions: Record<string, unknown>): WorkManifest["actions"] {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(actions)) {
    if (name === "verify") {
      const suites = (value as { suites?: Record<string, unknown> } | null)?.suites ?? {};
      out.verify = { suites: Object.fromEntries(Object.entries(suites).map(([s, c]) => [s, declared(`verify.suites.${s}`, c)])) };
    } else {
      out[name] = declared(name, value);
    }
  }
  return out;
}

function declared(where: string, value: unknown): DeclaredCommand {
  const v = value as { command?: unknown; timeout_seconds?: unknown; artifacts?: unknown; network?: unknown } | null;
  if (typeof v?.command !== "string" || v.command.trim() === "") {
    throw new WorkManifestError(`${workManifestPath}: actions.${where}.command must be a non-empty string`);
  }
  return {
    command: v.command,
    timeoutSeconds: typeof v.timeout_seconds === "number" ? v.timeout_seconds : undefined,
    artifacts: Array.isArray(v.artifacts) ? v.artifacts.map(String) : undefined,
    network: v.network === true,
  };
}
