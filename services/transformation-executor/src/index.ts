export { jobExitCodes, runExecutorJob, runnerDeps, startExecutorPool } from "./executor.js";
export { loadExecutorConfig, type ExecutorConfig } from "./executor-config.js";
export { createFileEvidenceStore, type EvidenceStore } from "./evidence/evidence-store.js";
export { runIntent, type RunOutcome, type RunnerDeps } from "./work-runner.js";
export { runShellCommand, type CommandResult } from "./run-command.js";
export { toolRunHandler } from "./handlers/tool-run-handler.js";
export type { WorkReport } from "./handlers/work-handler.js";
