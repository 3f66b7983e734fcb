#!/usr/bin/env node
// Compiles every workspace package's TypeScript sources to JavaScript beside them (src/ -> dist/,
// gen/ts/ -> gen/dist/), so the CLI and the services start without a run-time transpiler.
// Type checking stays with `tsc --noEmit`; this is transpilation only (isolatedModules holds), plus
// type declarations for the packages published to other teams (@ameide/proto, @ameide/contracts).
//
//   node scripts/build.mjs            build when a source is newer than the last build
//   node scripts/build.mjs --force    build unconditionally
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "node_modules", ".cache", "ameide", "build-stamp");

/** Source trees and where their JavaScript goes. */
function units() {
  const list = [{ src: join(root, "gen", "ts"), out: join(root, "gen", "dist") }];
  for (const group of ["packages", "services", "apps"]) {
    for (const name of readdirSync(join(root, group))) {
      const src = join(root, group, name, "src");
      if (existsSync(src)) list.push({ src, out: join(root, group, name, "dist") });
    }
  }
  return list;
}

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath, e.name));
}

/** The newest modification time among the sources (and this script). */
function newestSource(all) {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  for (const file of all) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

/** True when some source changed since the last build (or there was none). */
export function buildIsStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return units().some(({ src, out }) => !existsSync(out) || newestSource(tsFiles(src)) > built);
}

/** Transpiles every unit; returns the number of files written. */
export async function build() {
  const { build: esbuild } = await import("esbuild");
  let count = 0;
  for (const { src, out } of units()) {
    const files = tsFiles(src);
    rmSync(out, { recursive: true, force: true });
    await esbuild({
      entryPoints: files,
      outbase: src,
      outdir: out,
      bundle: false,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "linked",
      logLevel: "warning",
    });
    count += files.length;
  }
  declarations();
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return count;
}

/** The packages other teams consume get type declarations beside their JavaScript. */
const declared = ["gen", "packages/contracts"];

function declarations() {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  for (const dir of declared) {
    const result = spawnSync(process.execPath, [tsc, "-p", join(root, dir, "tsconfig.declarations.json")], { stdio: "inherit" });
    if (result.status !== 0) throw new Error(`type declarations of ${dir} failed (tsc -p ${dir}/tsconfig.declarations.json)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const force = process.argv.includes("--force");
  if (force || buildIsStale()) {
    const started = performance.now();
    const count = await build();
    console.error(`build      ${count} files to JavaScript in ${relative(process.cwd(), root) || "."} (${((performance.now() - started) / 1000).toFixed(1)}s)`);
  }
}
