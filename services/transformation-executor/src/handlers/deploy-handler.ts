import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { checkout, git } from "../repo/git.js";
import { failedReport, type WorkHandler } from "./work-handler.js";

/**
 * DEPLOY: a GitOps promotion. Writes the environment's file in the GitOps repository with the
 * digest to run and pushes one commit; the cluster's GitOps controller does the rollout.
 */
export const deployHandler: WorkHandler = {
  async run(ctx) {
    const params = ctx.workRequest.inputs?.parameters ?? {};
    const environment = params.environment ?? "";
    const digest = params.digest ?? "";
    const repoUrl = params.gitops_repo_url || ctx.config.gitopsRepoUrl;
    if (environment === "" || !/^sha256:[0-9a-f]{64}$/.test(digest) || repoUrl === "") {
      return failedReport(
        "parameters",
        `deploy needs inputs.parameters.environment, a digest "sha256:<64 hex>" and a GitOps repository (parameters.gitops_repo_url or GITOPS_REPO_URL); got environment="${environment}" digest="${digest}"`,
      );
    }
    const repoDir = join(ctx.workDir, "gitops");
    try {
      await checkout(repoUrl, repoDir, { branch: ctx.config.gitopsBranch });
    } catch (error) {
      return failedReport("checkout", `could not check out the GitOps repository ${repoUrl}: ${(error as Error).message}`);
    }
    const file = `environments/${environment}.yaml`;
    const content = [
      `# Managed by the ameide deploy executor: the digest ${environment} runs.`,
      `environment: ${environment}`,
      `digest: "${digest}"`,
      `source_commit: "${ctx.workRequest.inputs?.checkout?.commitSha ?? ""}"`,
      `work_request_id: "${ctx.workRequest.workRequestId}"`,
      "",
    ].join("\n");
    const { previous, unchanged } = await commitAndPush(
      repoDir,
      file,
      content,
      digest,
      `promote ${environment} to ${digest}`,
      `work_request_id: ${ctx.workRequest.workRequestId}`,
      ctx.config.gitopsBranch,
    );
    const commit = await git(repoDir, "rev-parse", "HEAD");
    return {
      succeeded: true,
      summary: unchanged ? `${environment} already runs ${digest}` : `promoted ${environment} to ${digest} in ${repoUrl}@${commit.slice(0, 12)}`,
      exitCode: 0,
      outputs: { environment, digest, commit_sha: commit, gitops_file: file, promoted: unchanged ? "unchanged" : "committed" },
      evidence: [{ name: file.replace("/", "_"), mediaType: "application/yaml", content: unchanged ? previous : content }],
    };
  },
};

// Enough for every promotion of a burst to land behind the others (each retry follows a newer head).
const pushAttempts = 12;

/**
 * Writes the file and pushes one commit. Promotions of other runs push to the same branch
 * concurrently: a rejected push (non-fast-forward, a ref locked by another push) is retried on
 * top of the branch's new head, a few times with jittered backoff.
 */
async function commitAndPush(
  repoDir: string,
  file: string,
  content: string,
  digest: string,
  subject: string,
  body: string,
  branch: string,
): Promise<{ previous: string; unchanged: boolean }> {
  const path = join(repoDir, file);
  for (let attempt = 1; ; attempt++) {
    const previous = await readFile(path, "utf8").catch(() => "");
    if (previous.includes(`digest: "${digest}"`)) return { previous, unchanged: true };
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    await git(repoDir, "add", file);
    await git(repoDir, "commit", "--quiet", "-m", subject, "-m", body);
    try {
      await git(repoDir, "push", "--quiet", "origin", `HEAD:refs/heads/${branch}`);
      return { previous, unchanged: false };
    } catch (error) {
      if (attempt >= pushAttempts) throw error;
      await sleep(100 * attempt + Math.floor(Math.random() * 200));
      await git(repoDir, "fetch", "--quiet", "origin", branch);
      await git(repoDir, "reset", "--quiet", "--hard", `origin/${branch}`);
    }
  }
}
