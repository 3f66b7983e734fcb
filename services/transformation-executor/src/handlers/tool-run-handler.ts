import { join } from "node:path";
import { ActionKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { EvidenceItem } from "../evidence/evidence-bundle.js";
import { digestArtifacts } from "../repo/artifacts.js";
import { checkout, gitVersion } from "../repo/git.js";
import { type DeclaredCommand, loadWorkManifest, type WorkManifest, WorkManifestError } from "../repo/work-manifest.js";
import { runShellCommand } from "../run-command.js";
import { repositorySandbox } from "../sandbox/repository-sandbox.js";
import { commandEnv } from "./command-env.js";
import { failedReport, type WorkContext, type WorkHandler, type WorkReport } from "./work-handler.js";

/** Tool runs: check out the repository and run the command it declares for the action. */
export const toolRunHandler: WorkHandler = {
  async run(ctx) {
    const checkoutInputs = ctx.workRequest.inputs?.checkout;
    const repoDir = join(ctx.workDir, "repo");
    let head: string;
    try {
      head = await checkout(checkoutInputs?.repoUrl ?? "", repoDir, { commitSha: checkoutInputs?.commitSha, branch: checkoutInputs?.branch });
    } catch (error) {
      return failedReport("checkout", `could not check out ${checkoutInputs?.repoUrl ?? "(no repo_url)"}: ${(error as Error).message}`);
    }
    let declared: DeclaredCommand;
    try {
      declared = commandFor(await loadWorkManifest(repoDir), ctx);
    } catch (error) {
      if (error instanceof WorkManifestError) return failedReport("manifest", error.message);
      throw error;
    }
    return runDeclared(ctx, repoDir, head, declared);
  },
};

/** The declared command of the work's action (VERIFY: of its suite, "default" when none is named). */
export function commandFor(manifest: WorkManifest, ctx: WorkContext): DeclaredCommand {
  const action = ctx.workRequest.actionKind;
  if (action === ActionKind.VERIFY) {
    const suite = ctx.workRequest.inputs?.verificationSuiteRef || "default";
    const found = manifest.actions.verify?.suites[suite];
    if (found === undefined)
      throw new WorkManifestError(
        `.ameide/work.yaml declares no verify suite "${suite}" (declared: ${Object.keys(manifest.actions.verify?.suites ?? {}).join(", ") || "none"})`,
      );
    return found;
  }
  const name = ActionKind[action].toLowerCase() as Exclude<keyof WorkManifest["actions"], "verify">;
  const found = manifest.actions[name];
  if (found === undefined) throw new WorkManifestError(`.ameide/work.yaml declares no "${name}" action`);
  return found;
}

async function runDeclared(ctx: WorkContext, repoDir: string, head: string, declared: DeclaredCommand): Promise<WorkReport> {
  const cwd = join(repoDir, ctx.workRequest.inputs?.checkout?.workdir ?? "");
  const timeoutMs = declared.timeoutSeconds !== undefined ? Math.min(declared.timeoutSeconds * 1000, ctx.timeoutMs) : ctx.timeoutMs;
  const result = await runShellCommand(declared.command, {
    cwd,
    timeoutMs,
    env: commandEnv(ctx.workRequest, ctx.attempt),
    sandbox: repositorySandbox(ctx, repoDir, declared.network === true && ctx.workRequest.execution?.networkAllowed === true),
  });
  const artifacts = result.exitCode === 0 && !result.timedOut && declared.artifacts ? await digestArtifacts(cwd, declared.artifacts) : [];
  const evidence: EvidenceItem[] = [
    { name: "command.txt", mediaType: "text/plain", content: `cd ${ctx.workRequest.inputs?.checkout?.workdir || "."} && ${declared.command}\n` },
    { name: "stdout.log", mediaType: "text/plain", content: result.stdout },
    { name: "stderr.log", mediaType: "text/plain", content: result.stderr },
    { name: "tool-versions.txt", mediaType: "text/plain", content: `${await gitVersion()}\nnode ${process.version}\n` },
  ];
  if (artifacts.length > 0) evidence.push({ name: "artifacts.json", mediaType: "application/json", content: JSON.stringify(artifacts, null, 2) });
  const outputs: Record<string, string> = { exit_code: String(result.exitCode), commit_sha: head, duration_ms: String(result.durationMs) };
  if (artifacts.length > 0) outputs.digest = artifacts[0]?.digest ?? "";
  for (const a of artifacts) outputs[`digest:${a.path}`] = a.digest;
  if (result.timedOut) {
    return {
      ...failedReport("timeout", `\`${declared.command}\` was killed after ${Math.round(timeoutMs / 1000)}s (timeout)`, evidence, result.exitCode),
      outputs: { ...outputs, failure_reason: "timeout" },
    };
  }
  if (result.exitCode !== 0) {
    const excerpt = (result.stderr || result.stdout).trim().split("\n").slice(-20).join("\n");
    return {
      succeeded: false,
      summary: `\`${declared.command}\` exited with ${result.exitCode}:\n${excerpt}`,
      exitCode: result.exitCode,
      outputs: { ...outputs, failure_reason: "exit_code" },
      evidence,
      failureReason: "exit_code",
    };
  }
  return { succeeded: true, summary: `\`${declared.command}\` passed in ${(result.durationMs / 1000).toFixed(1)}s`, exitCode: 0, outputs, evidence };
}
