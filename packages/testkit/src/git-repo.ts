import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** A bare Git repository made for a test, with its first commit on main. */
export interface BareRepo {
  readonly url: string;
  readonly bareDir: string;
  readonly commitSha: string;
}

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "spec",
  GIT_AUTHOR_EMAIL: "spec@example.invalid",
  GIT_COMMITTER_NAME: "spec",
  GIT_COMMITTER_EMAIL: "spec@example.invalid",
};

/** Runs git in a directory and returns its trimmed output. */
export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: gitEnv, encoding: "utf8" }).trim();
}

/** Creates `<root>/<name>.git` holding `files` (`*.sh` made executable) committed on main. */
export function createBareRepo(root: string, name: string, files: Record<string, string>): BareRepo {
  const bareDir = join(root, `${name}.git`);
  const seed = join(root, `${name}-seed`);
  gitIn(root, "init", "--quiet", "--bare", "--initial-branch=main", bareDir);
  gitIn(root, "init", "--quiet", "--initial-branch=main", seed);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(seed, path, ".."), { recursive: true });
    writeFileSync(join(seed, path), content);
    if (path.endsWith(".sh")) chmodSync(join(seed, path), 0o755);
  }
  gitIn(seed, "add", "-A");
  gitIn(seed, "commit", "--quiet", "-m", "seed");
  gitIn(seed, "push", "--quiet", bareDir, "HEAD:main");
  return { url: pathToFileURL(bareDir).toString(), bareDir, commitSha: gitIn(seed, "rev-parse", "HEAD") };
}
