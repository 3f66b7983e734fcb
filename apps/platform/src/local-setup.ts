import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { codexStandIn, gitOutput, seedBareRepo } from "./sample-repos.js";

const repoRoot = resolve(import.meta.dirname, "../../..");

/** The checkout's local platform state (beside the stack's): repositories, stand-in credentials, evidence. */
export const localStateDir = join(repoRoot, ".ameide");

/** What `ameide up` gives the executors, and what it tells the user about it. */
export interface LocalExecutorSetup {
  readonly env: Record<string, string>;
  readonly notes: string[];
}

/**
 * A working local setup for whatever the user has not configured: the Codex stand-in (the real
 * Codex CLI needs the external Codex service), a local GitOps repository, a local evidence store.
 */
export function localExecutorSetup(env: NodeJS.ProcessEnv = process.env): LocalExecutorSetup {
  const out: Record<string, string> = {};
  const notes: string[] = [];
  if (!env.CODEX_BIN) {
    const codexHome = join(localStateDir, "codex-home");
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(join(codexHome, "auth.json"), JSON.stringify({ note: "placeholder credentials for the Codex stand-in" }));
    Object.assign(out, { CODEX_BIN: codexStandIn, CODEX_HOME: codexHome });
    notes.push(
      `coding agent: the Codex stand-in (${codexStandIn}) stands in for the external Codex service; set CODEX_BIN and CODEX_HOME for the real Codex CLI`,
    );
  }
  if (!env.GITOPS_REPO_URL) {
    out.GITOPS_REPO_URL = localRepo("gitops", (dir) =>
      writeFileSync(join(dir, "README.md"), "environments/<env>.yaml: the digest each environment runs\n"),
    ).url;
    notes.push(`promotions: the local GitOps repository ${out.GITOPS_REPO_URL}; set GITOPS_REPO_URL for a real one`);
  }
  if (!env.EVIDENCE_STORE_URL) out.EVIDENCE_STORE_URL = pathToFileURL(join(localStateDir, "evidence")).toString();
  return { env: out, notes };
}

/** The bundled sample repository (deploy/sample-repo) as a local bare repository, seeded once. */
export function sampleRepo(): { url: string; commit: string; repositoryId: string } {
  const repo = localRepo("sample-service", (dir) => cpSync(join(repoRoot, "deploy/sample-repo"), dir, { recursive: true }));
  return { ...repo, repositoryId: "sample-service" };
}

/** A bare repository under `.ameide/repos`, created and seeded on first use. */
function localRepo(name: string, fill: (dir: string) => void): { url: string; commit: string } {
  const bare = join(localStateDir, "repos", `${name}.git`);
  if (existsSync(join(bare, "HEAD"))) return { url: pathToFileURL(bare).toString(), commit: gitOutput(bare, "rev-parse", "main") };
  const seeded = seedBareRepo(join(localStateDir, "repos"), name, fill);
  return { url: seeded.url, commit: seeded.commit };
}
