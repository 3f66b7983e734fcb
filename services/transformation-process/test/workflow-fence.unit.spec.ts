import { readdir, readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const workflowsDir = join(import.meta.dirname, "../src/workflows");
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
// Infrastructure a workflow must never touch directly (topics, brokers, databases, RPC clients).
const infrastructure = [/^kafkajs$/, /^@platformatic\/kafka$/, /^@ameide\/kafka-bus$/, /^pg$/, /^kysely/, /^@ameide\/(eventing|contracts|stack)/, /^@connectrpc\//, /^@temporalio\/(client|worker)$/];

describe("workflow code", () => {
  test("imports no Node builtins and no infrastructure module", async () => {
    const files = (await readdir(workflowsDir)).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(join(workflowsDir, file), "utf8");
      for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        if (specifier === undefined) continue;
        if (builtins.has(specifier) || infrastructure.some((rule) => rule.test(specifier))) offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("names no topic, queue or image", async () => {
    const files = (await readdir(workflowsDir)).filter((f) => f.endsWith(".ts"));
    for (const file of files) {
      const text = await readFile(join(workflowsDir, file), "utf8");
      expect(text, file).not.toMatch(/\.(domain|process)\.facts\.v\d|\.queue\.|toolrun\.|agentwork\.|KEDA|sha256:[0-9a-f]/);
    }
  });
});
