import { createHash } from "node:crypto";
import { lstat, readdir, readFile, realpath } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

/** A built file and its content digest. */
export interface ArtifactDigest {
  readonly path: string;
  readonly digest: string;
  readonly sizeBytes: number;
}

/** Resolves artifact patterns (a `*` is allowed in the last segment) and digests each file. */
export async function digestArtifacts(root: string, patterns: readonly string[]): Promise<ArtifactDigest[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    for (const file of await expand(root, pattern)) files.add(file);
  }
  const digests: ArtifactDigest[] = [];
  const realRoot = await realpath(root);
  for (const file of [...files].sort()) {
    // Repository output is hostile: a declared artifact must be a file inside the checkout, not a
    // link to one of the executor's files.
    const real = await realpath(join(root, file)).catch(() => "");
    if (real === "" || !real.startsWith(`${realRoot}/`) || !(await lstat(join(root, file))).isFile()) continue;
    const bytes = await readFile(real);
    digests.push({ path: file, digest: `sha256:${createHash("sha256").update(bytes).digest("hex")}`, sizeBytes: bytes.length });
  }
  return digests;
}

async function expand(root: string, pattern: string): Promise<string[]> {
  if (!pattern.includes("*")) return [pattern];
  const dir = dirname(pattern);
  const matcher = new RegExp(
    `^${pattern
      .slice(dir.length + (dir === "." ? 0 : 1))
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")}$`,
  );
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && matcher.test(e.name)).map((e) => relative(root, join(root, dir, e.name)));
}
