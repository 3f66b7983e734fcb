import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** A repository whose declared GENERATE command does nothing. */
export interface NoopRepo {
  readonly url: string;
  readonly commitSha: string;
}

const manifest = `# The process benchmark's repository: GENERATE is a no-op, so a tool run costs only its delivery.
actions:
  generate: { command: "true" }
`;

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "ameide bench",
  GIT_AUTHOR_EMAIL: "bench@ameide.invalid",
  GIT_COMMITTER_NAME: "ameide bench",
  GIT_COMMITTER_EMAIL: "bench@ameide.invalid",
};
const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, env: gitEnv, encoding: "utf8" }).trim();

/** Creates `noop.git` (bare, one commit: `.ameide/work.yaml`) under `root`; its URL is `file://`. */
export function createNoopRepo(root: string): NoopRepo {
  const bare = join(root, "noop.git");
  const seed = join(root, "noop-seed");
  mkdirSync(join(seed, ".ameide"), { recursive: true });
  writeFileSync(join(seed, ".ameide/work.yaml"), manifest);
  git(root, "init", "--quiet", "--bare", "--initial-branch=main", bare);
  git(seed, "init", "--quiet", "--initial-branch=main");
  git(seed, "add", "-A");
  git(seed, "commit", "--quiet", "-m", "noop: work.yaml with a no-op generate");
  git(seed, "push", "--quiet", bare, "HEAD:main");
  return { url: pathToFileURL(bare).toString(), commitSha: git(seed, "rev-parse", "HEAD") };
}
