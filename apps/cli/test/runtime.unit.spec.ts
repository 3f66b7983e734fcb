import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import semver from "semver";
import { expect, test } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const pinned = readFileSync(resolve(root, ".node-version"), "utf8").trim();

test("the pinned Node is an LTS 24 and every locked package's engines admit it", () => {
  expect(semver.major(pinned)).toBeGreaterThanOrEqual(24);
  const root_ = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { engines: { node: string } };
  expect(semver.satisfies(pinned, root_.engines.node)).toBe(true);
  const lock = JSON.parse(readFileSync(resolve(root, "package-lock.json"), "utf8")) as { packages: Record<string, { engines?: { node?: string } }> };
  const refusing = Object.entries(lock.packages)
    .filter(([, p]) => p.engines?.node !== undefined && !semver.satisfies(pinned, p.engines.node))
    .map(([name, p]) => `${name} (${p.engines?.node})`);
  expect(refusing).toEqual([]);
});

test("the tests themselves run on Node 24 or later (the pinned one unless the machine has its own)", () => {
  expect(semver.major(process.versions.node)).toBeGreaterThanOrEqual(24);
});
