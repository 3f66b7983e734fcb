import { constants, existsSync } from "node:fs";
import { access, chmod, copyFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { checkout, git } from "../repo/git.js";
import { runShellCommand } from "../run-command.js";
import { repositorySandbox } from "../sandbox/repository-sandbox.js";
import { commandEnv } from "./command-env.js";
import { failedReport, type WorkContext, type WorkHandler, type WorkReport } from "./work-handler.js";

/**
 * Coding-agent work: runs the Codex CLI non-interactively on a fresh branch and reports the
 * commit, the branch and the patch. Credentials come from $CODEX_HOME/auth.json only.
 */
export const coderHandler: WorkHandler = {
  async preflight(ctx) {
    const authFile = join(ctx.config.codexHome, "auth.json");
    const problem = await unreadableCredentials(authFile);
    if (problem === undefined) return undefined;
    return failedReport(
      "missing_credentials",
      `Codex credentials unavailable: ${authFile} ${problem}. Mount Secret/codex-auth at /codex-secret, copy auth.json to $CODEX_HOME (CODEX_HOME=${ctx.config.codexHome}), and retry. Nothing was executed.`,
    );
  },
  run,
};

async function unreadableCredentials(authFile: string): Promise<string | undefined> {
  try {
    await access(authFile, constants.R_OK);
    JSON.parse(await readFile(authFile, "utf8"));
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "is missing" : code === "EACCES" ? "is not readable" : "is not valid JSON";
  }
}

async function run(ctx: WorkContext): Promise<WorkReport> {
  const inputs = ctx.workRequest.inputs;
  const repoDir = join(ctx.workDir, "repo");
  const branch = `ameide/work-${ctx.workRequest.workRequestId}-a${ctx.attempt}`;
  let base: string;
  try {
    base = await checkout(inputs?.checkout?.repoUrl ?? "", repoDir, { commitSha: inputs?.checkout?.commitSha, branch: inputs?.checkout?.branch });
    await git(repoDir, "checkout", "--quiet", "-b", branch);
  } catch (error) {
    return failedReport("checkout", `could not prepare ${inputs?.checkout?.repoUrl ?? "(no repo_url)"}: ${(error as Error).message}`);
  }
  const instructions = inputs?.instructions ?? "";
  const command = `${shellQuote(ctx.config.codexBin)} exec --full-auto --skip-git-repo-check ${shellQuote(instructions)}`;
  // Only the Codex CLI gets the credential: a private copy of auth.json, bound into its sandbox
  // alone; repository commands never see it.
  const codexHome = join(ctx.workDir, "codex-home");
  await mkdir(codexHome, { mode: 0o700 });
  await copyFile(join(ctx.config.codexHome, "auth.json"), join(codexHome, "auth.json"));
  await chmod(join(codexHome, "auth.json"), 0o600);
  const bwrap = ctx.config.sandbox === "bwrap";
  const result = await runShellCommand(command, {
    cwd: repoDir,
    timeoutMs: ctx.timeoutMs,
    env: commandEnv(ctx.workRequest, ctx.attempt, { CODEX_HOME: bwrap ? "/codex-home" : codexHome }),
    sandbox: {
      mode: ctx.config.sandbox,
      policy: {
        ...repositorySandbox(ctx, repoDir, ctx.config.coderNetwork).policy,
        binds: bwrap ? [{ source: codexHome, target: "/codex-home" }] : [],
        readOnlyBinds: existsSync(ctx.config.codexBin) ? [ctx.config.codexBin] : [],
      },
    },
  });
  const evidence = [
    { name: "codex-stdout.log", mediaType: "text/plain", content: result.stdout },
    { name: "codex-stderr.log", mediaType: "text/plain", content: result.stderr },
  ];
  if (result.timedOut) return failedReport("timeout", `codex was killed after ${Math.round(ctx.timeoutMs / 1000)}s (timeout)`, evidence);
  if (result.exitCode !== 0)
    return failedReport(
      "exit_code",
      `codex exited with ${result.exitCode}: ${result.stderr.trim().split("\n").slice(-10).join("\n")}`,
      evidence,
      result.exitCode,
    );
  return commitChange(ctx, repoDir, branch, base, instructions, evidence);
}

async function commitChange(
  ctx: WorkContext,
  repoDir: string,
  branch: string,
  base: string,
  instructions: string,
  evidence: WorkReport["evidence"],
): Promise<WorkReport> {
  await git(repoDir, "add", "-A");
  if ((await git(repoDir, "status", "--porcelain")) === "") {
    return failedReport("no_changes", "codex finished without changing any file", evidence, 0);
  }
  const title = instructions.split("\n")[0]?.slice(0, 72) || "change";
  await git(repoDir, "commit", "--quiet", "-m", `ameide: ${title}`, "-m", `work_request_id: ${ctx.workRequest.workRequestId}`);
  const commit = await git(repoDir, "rev-parse", "HEAD");
  const patch = await git(repoDir, "format-patch", "--stdout", `${base}..HEAD`);
  await git(repoDir, "push", "--quiet", "origin", `HEAD:refs/heads/${branch}`);
  const files = (await git(repoDir, "diff", "--name-only", `${base}..HEAD`)).split("\n").filter((f) => f !== "");
  return {
    succeeded: true,
    summary: `codex changed ${files.length} file(s) on ${branch}: ${files.slice(0, 10).join(", ")}`,
    exitCode: 0,
    outputs: { branch, commit_sha: commit, base_sha: base, files_changed: String(files.length) },
    evidence: [...evidence, { name: "change.patch", mediaType: "text/x-patch", content: patch }],
  };
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
