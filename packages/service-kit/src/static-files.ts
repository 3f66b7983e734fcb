import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

/** Files served under a URL prefix (e.g. a web console), read from one directory. */
export interface StaticFiles {
  /** URL prefix, e.g. "/console/"; "<prefix>" alone serves index.html. */
  readonly prefix: string;
  readonly dir: string;
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * The file a request path names, or undefined when the path is not under the prefix, escapes
 * the directory, or names no file.
 */
export async function readStaticFile(files: StaticFiles, path: string): Promise<{ body: Buffer; contentType: string } | undefined> {
  if (!path.startsWith(files.prefix) && path !== files.prefix.replace(/\/$/, "")) return undefined;
  const relative = path.slice(files.prefix.length) || "index.html";
  const full = normalize(join(files.dir, relative));
  if (!full.startsWith(files.dir + sep)) return undefined;
  try {
    return { body: await readFile(full), contentType: contentTypes[extname(full)] ?? "application/octet-stream" };
  } catch {
    return undefined;
  }
}
