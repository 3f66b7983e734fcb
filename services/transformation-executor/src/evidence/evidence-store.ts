import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** A stored blob: its content address and where to read it. */
export interface StoredBlob {
  readonly sha256: string;
  readonly uri: string;
  readonly sizeBytes: number;
}

/** Content-addressed, durable storage for evidence (logs, patches, manifests). */
export interface EvidenceStore {
  put(content: Uint8Array | string): Promise<StoredBlob>;
  get(sha256: string): Promise<Uint8Array>;
}

/**
 * An evidence store on a shared filesystem (`file://` root): blobs live at `sha256/<2>/<64>`, so a
 * write is idempotent and a reader verifies what it reads by its name. In a cluster the root is a
 * shared volume, never the pod's own disk.
 */
export function createFileEvidenceStore(rootUrl: string): EvidenceStore {
  const root = rootUrl.startsWith("file:") ? fileURLToPath(rootUrl) : rootUrl;
  const pathOf = (sha256: string) => join(root, "sha256", sha256.slice(0, 2), sha256);
  return {
    async put(content) {
      const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const path = pathOf(sha256);
      await mkdir(dirname(path), { recursive: true });
      // Write-then-rename: readers never see a partial blob. The temp name is unique per write:
      // concurrent puts of the same content (same path) in one process must not share it.
      const temp = `${path}.${process.pid}.${randomUUID()}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
      return { sha256, uri: pathToFileURL(path).toString(), sizeBytes: bytes.length };
    },
    async get(sha256) {
      const bytes = await readFile(pathOf(sha256));
      const actual = createHash("sha256").update(bytes).digest("hex");
      if (actual !== sha256) throw new Error(`evidence blob ${sha256} is corrupt (content hashes to ${actual})`);
      return bytes;
    },
  };
}
