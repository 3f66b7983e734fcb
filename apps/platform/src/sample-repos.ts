import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const repoRoot = resolve(import.meta.dirname, "../../..");
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "ameide demo",
  GIT_AUTHOR_EMAIL: "demo@ameide.invalid",
  GIT_COMMITTER_NAME: "ameide demo",
  GIT_COMMITTER_EMAIL: "demo@ameide.invalid",
};
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, env: gitEnv, encoding: "utf8" }).trim();

/** The demo's repositories: the shipped sample service and an empty GitOps repository. */
export interface DemoRepos {
  readonly serviceUrl: string;
  readonly serviceCommit: string;
  readonly gitopsUrl: string;
  readonly gitopsDir: string;
}

/** Creates bare Git repositories for the sample service (`deploy/sample-repo`) and GitOps under `root`. */
export function createDemoRepos(root: string): DemoRepos {
  const service = seedBareRepo(root, "sample-service", (dir) => cpSync(join(repoRoot, "deploy/sample-repo"), dir, { recursive: true }));
  const gitops = seedBareRepo(root, "gitops", (dir) => writeFileSync(join(dir, "README.md"), "environments/<env>.yaml: the digest each environment runs\n"));
  return { serviceUrl: service.url, serviceCommit: service.commit, gitopsUrl: gitops.url, gitopsDir: gitops.bare };
}

/** Creates `<root>/<name>.git` on branch main with one commit of what `fill` writes. */
export function seedBareRepo(root: string, name: string, fill: (dir: string) => void): { url: string; bare: string; commit: string } {
  const bare = join(root, `${name}.git`);
  const seed = join(root, `${name}-seed`);
  mkdirSync(seed, { recursive: true });
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", bare);
  git(seed, "init", "--quiet", "--initial-branch=main");
  fill(seed);
  git(seed, "add", "-A");
  git(seed, "commit", "--quiet", "-m", `${name}: initial commit`);
  git(seed, "push", "--quiet", bare, "HEAD:main");
  const commit = git(seed, "rev-parse", "HEAD");
  rmSync(seed, { recursive: true, force: true });
  return { url: pathToFileURL(bare).toString(), bare, commit };
}

/** The stand-in for the Codex CLI the demo uses (the real one needs the external Codex service). */
export const codexStandIn = join(repoRoot, "deploy/local/codex-stand-in.sh");

/** Where the demo keeps evidence. */
export const demoEvidenceDir = join(repoRoot, ".ameide/evidence");

/** Runs git in a directory (for the demo's summary). */
export function gitOutput(cwd: string, ...args: string[]): string {
  return git(cwd, ...args);
}
