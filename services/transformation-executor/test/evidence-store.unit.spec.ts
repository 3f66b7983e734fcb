import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFileEvidenceStore } from "../src/evidence/evidence-store.js";

const root = await mkdtemp(join(tmpdir(), "ameide-evidence-"));
afterAll(() => rm(root, { recursive: true, force: true }));

describe("the file evidence store", () => {
  it("stores the same content from many concurrent writers once, and every put succeeds", async () => {
    const store = createFileEvidenceStore(root);
    const puts = await Promise.all(Array.from({ length: 20 }, () => store.put("the same evidence")));
    expect(new Set(puts.map((p) => p.sha256)).size).toBe(1);
    expect((await store.get(puts[0]!.sha256)).toString()).toBe("the same evidence");
    const dir = join(root, "sha256", puts[0]!.sha256.slice(0, 2));
    expect(await readdir(dir)).toEqual([puts[0]!.sha256]);
  });
});
