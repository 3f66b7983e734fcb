import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const srcDir = join(import.meta.dirname, "../src");

// Executors never publish: the only messaging module they may import is the queue consumer,
// which exposes no producer. Facts come from the Domain after it persisted the outcome.
const forbidden = [/^kafkajs$/, /^@platformatic\/kafka$/, /^@ameide\/kafka-bus$/, /^@ameide\/eventing$/, /^@ameide\/eventing\/(?!queue-consumer$)/, /outbox/];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : Promise.resolve(e.name.endsWith(".ts") ? [join(dir, e.name)] : []))));
  return nested.flat();
}

describe("the executor package cannot publish", () => {
  test("no source file imports a Kafka client, a producer, the outbox or the eventing root", async () => {
    const offenders: string[] = [];
    const files = await sourceFiles(srcDir);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = await readFile(file, "utf8");
      for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        if (specifier !== undefined && forbidden.some((rule) => rule.test(specifier))) offenders.push(`${file}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
