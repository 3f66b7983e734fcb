import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8" });

/** The paths among `paths` that an ignore rule would keep out of git. */
function ignored(paths: string[]): string[] {
  try {
    return git("check-ignore", "--no-index", ...paths)
      .split("\n")
      .filter(Boolean);
  } catch {
    return []; // exit 1: none is ignored
  }
}

describe("the repository's ignore rules", () => {
  test("hide only build output and the checkout's local state, never a file the demo or tests read", () => {
    const trackedDirs = [
      ...new Set(
        git("ls-files")
          .split("\n")
          .filter(Boolean)
          .map((f) => f.split("/").slice(0, -1).join("/"))
          .filter(Boolean),
      ),
    ];
    // A state or config directory inside any tracked directory (the sample repository's .ameide/work.yaml was once lost this way).
    const probes = trackedDirs.flatMap((dir) => [`${dir}/.ameide/work.yaml`, `${dir}/.ameide/config.json`]);
    expect(ignored(probes)).toEqual([]);
    expect(ignored([".ameide/stack/stack.json", "packages/cli/dist/main.js", "gen/dist/x.js", "node_modules/x/index.js"])).toHaveLength(4);
  });

  test("the bundled sample repository declares its commands", () => {
    expect(git("ls-files", "deploy/sample-repo/.ameide/work.yaml").trim()).toBe("deploy/sample-repo/.ameide/work.yaml");
  });
});
