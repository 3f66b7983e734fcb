import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs git with arguments (never through a shell); rejects with git's own stderr. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  try {
    // The checkout belongs to the sandbox's uid after a command ran in it; its .git stays ours
    // (read-only in the sandbox) and hooks never run.
    const { stdout } = await run("git", ["-c", "safe.directory=*", "-c", "core.hooksPath=/dev/null", ...args], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: "0",
        GIT_AUTHOR_NAME: "ameide executor",
        GIT_AUTHOR_EMAIL: "executor@ameide.invalid",
        GIT_COMMITTER_NAME: "ameide executor",
        GIT_COMMITTER_EMAIL: "executor@ameide.invalid",
      },
    });
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`git ${args[0] ?? ""} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/** Clones `repoUrl` into `dir` and checks out the commit (detached) or the branch. */
export async function checkout(repoUrl: string, dir: string, ref: { commitSha?: string; branch?: string }): Promise<string> {
  // "--": a URL that starts with "-" is a URL, never an option (--upload-pack=...).
  await git(process.cwd(), "clone", "--quiet", "--no-hardlinks", "--", repoUrl, dir);
  if (ref.commitSha) {
    await git(dir, "checkout", "--quiet", "--detach", ref.commitSha);
  } else if (ref.branch) {
    await git(dir, "checkout", "--quiet", ref.branch);
  }
  return git(dir, "rev-parse", "HEAD");
}

/** Tool versions recorded in evidence. */
export async function gitVersion(): Promise<string> {
  return git(process.cwd(), "--version");
}
