import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const bin = resolve(import.meta.dirname, "../../../bin/ameide.mjs");
const run = promisify(execFile);

/** Runs the real `ameide` with a private stack dir and unreachable services, so any side effect shows. */
async function ameide(args: string[]) {
  const stackDir = mkdtempSync(join(tmpdir(), "ameide-cli-"));
  const env = {
    ...process.env,
    AMEIDE_STACK_DIR: stackDir,
    PROCESS_URL: "http://127.0.0.1:9",
    PROJECTION_URL: "http://127.0.0.1:9",
    AMEIDE_PG_PORT: "9",
    AMEIDE_KAFKA_PORT: "9",
    KAFKA_BROKERS: "127.0.0.1:9",
  };
  const result = await run(process.execPath, [bin, ...args], { env, timeout: 20_000 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
  return { ...result, touched: readdirSync(stackDir) };
}

/** The subcommands a help page lists. */
const commandsOf = (help: string) =>
  help
    .slice(help.indexOf("Commands:"))
    .split("\n")
    .slice(1)
    .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== "help");

describe("ameide --help", () => {
  test("every command and subcommand prints its usage, exits 0 and does nothing else", async () => {
    const top = await ameide(["--help"]);
    expect(top.code).toBe(0);
    const commands = commandsOf(top.stdout);
    expect(commands).toEqual(expect.arrayContaining(["demo", "up", "down", "doctor", "run", "board", "stack", "serve", "executor", "topic"]));
    const paths: string[][] = [];
    for (const command of commands) {
      paths.push([command]);
      const page = await ameide([command, "-h"]);
      if (page.stdout.includes("Commands:")) paths.push(...commandsOf(page.stdout).map((sub) => [command, sub]));
    }
    for (const path of paths) {
      for (const flag of ["--help", "-h"]) {
        const page = await ameide([...path, flag]);
        expect({ path, code: page.code, touched: page.touched }).toEqual({ path, code: 0, touched: [] });
        expect(page.stdout).toContain(`Usage: ameide ${path.join(" ")}`);
      }
    }
  }, 120_000);

  test("an unknown flag or command is a usage error (exit 2) that changes nothing", async () => {
    for (const args of [["down", "--stak"], ["run", "start", "--bogus"], ["frobnicate"], ["serve", "nope"], ["topic", "ensure", "--partitions", "0"]]) {
      const result = await ameide(args);
      expect({ args, code: result.code, touched: result.touched }).toEqual({ args, code: 2, touched: [] });
      expect(result.stderr).toMatch(/^error: /);
    }
  });

  test("an unreachable service is one line with a hint and exit 3, the stack trace only with --verbose", async () => {
    const quiet = await ameide(["run", "approve", "r2r-x"]);
    expect(quiet.code).toBe(3);
    expect(quiet.stderr).toMatch(/^error: \[unavailable\] .*\n {2}-> is the platform running\?/);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = await ameide(["--verbose", "run", "approve", "r2r-x"]);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  test("topic ensure against a cluster that does not answer is exit 3 with a hint, and creates nothing", async () => {
    const result = await ameide(["topic", "ensure", "--dry-run"]);
    expect(result).toMatchObject({ code: 3, touched: [] });
    expect(result.stderr).toMatch(/^error: Kafka at 127\.0\.0\.1:9 does not answer\n {2}-> set KAFKA_BROKERS/);
  });

  test("run start without a repository says how to give one", async () => {
    const result = await ameide(["run", "start"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--sample");
  });
});
