#!/usr/bin/env node
// The `ameide` command: the CLI's compiled JavaScript (scripts/build.mjs) on Node.js 24.
// On an older `node`, it re-runs itself with the Node 24 the README's commands cached; when a
// source is newer than the last build, it rebuilds first (well under a second).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const major = Number(process.versions.node.split(".")[0]);

if (major < 24) {
  const version = readFileSync(join(root, ".node-version"), "utf8").trim();
  const cache = process.env.AMEIDE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "ameide");
  const node24 = join(cache, "node", version, "bin", "node");
  if (!existsSync(node24)) {
    console.error(
      `error: ameide needs Node.js >= 24 (this is ${process.version})\n  -> run \`bash scripts/demo.sh\` or \`bash scripts/test.sh\` once (they fetch Node ${version} into ${cache}), or install Node.js 24`,
    );
    process.exit(2);
  }
  const child = spawn(node24, [import.meta.filename, ...process.argv.slice(2)], { stdio: "inherit" });
  // Ctrl-C reaches the child from the terminal itself (same process group); other signals are passed on.
  process.on("SIGINT", () => undefined);
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
} else {
  const { build, buildIsStale } = await import("../scripts/build.mjs");
  if (buildIsStale()) await build();
  await import("../apps/cli/dist/main.js");
}
