import { hostname } from "node:os";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { fileTokenSource, type TokenSource } from "@ameide/auth";
import { queueTopicForRef, topicBinding, type QueueTopicName } from "@ameide/contracts";
import { defaultSandboxLimits, type SandboxLimits, type SandboxMode } from "./sandbox/sandbox.js";

/** One executor class's configuration. */
export interface ExecutorConfig {
  readonly queueRef: string;
  readonly topic: QueueTopicName;
  /** Consumer group; the class's group from the topic registry unless overridden. */
  readonly groupId: string;
  readonly executorId: string;
  readonly domainUrl: string;
  /** The class's service token (role `executor:<class>`) sent to the Domain. */
  readonly serviceToken: TokenSource;
  readonly kafkaBrokers: string;
  /** Per-attempt workdirs are created under it and removed afterwards. */
  readonly workRoot: string;
  /** Evidence store root (`file://` on a shared volume in a cluster). */
  readonly evidenceUrl: string;
  readonly defaultTimeoutMs: number;
  readonly maxAttempts: number;
  readonly concurrency: number;
  /** Coder: where the Codex CLI finds auth.json; the binary to run. */
  readonly codexHome: string;
  readonly codexBin: string;
  /** Deploy: the GitOps repository promotions are committed to, and its branch. */
  readonly gitopsRepoUrl: string;
  readonly gitopsBranch: string;
  /** Where repository commands run: bwrap (default) or pod (the pod is the sandbox). */
  readonly sandbox: SandboxMode;
  readonly sandboxLimits: SandboxLimits;
  /** Whether the Codex CLI (the platform's own agent, not repository code) gets the network. */
  readonly coderNetwork: boolean;
}

/** Where an executor finds the Domain and the broker, and its token unless AMEIDE_SERVICE_TOKEN_FILE names one. */
export interface ExecutorBase {
  readonly domainUrl: string;
  readonly kafkaBrokers: string;
  readonly serviceToken?: TokenSource;
}

/** Reads an executor class's configuration from the environment (and the local stack's addresses). */
export function loadExecutorConfig(queueRef: string, base: ExecutorBase, env: NodeJS.ProcessEnv = process.env): ExecutorConfig {
  const topic = queueTopicForRef(queueRef);
  if (topic === undefined) {
    throw new Error(`"${queueRef}" is not an executor class; use toolrun.generate, toolrun.verify, toolrun.publish or agentwork.coder`);
  }
  return {
    queueRef,
    topic,
    groupId: env.EXECUTOR_GROUP_ID || topicBinding(topic).consumerGroup,
    executorId: env.EXECUTOR_ID || `${queueRef}@${hostname()}:${process.pid}`,
    domainUrl: env.DOMAIN_URL || base.domainUrl,
    serviceToken: serviceTokenFor(queueRef, base, env),
    kafkaBrokers: base.kafkaBrokers,
    workRoot: env.EXECUTOR_WORK_ROOT || join(tmpdir(), "ameide-executor"),
    evidenceUrl: env.EVIDENCE_STORE_URL || `file://${join(tmpdir(), "ameide-evidence")}`,
    defaultTimeoutMs: Number(env.EXECUTOR_TIMEOUT_SECONDS || 900) * 1000,
    maxAttempts: Number(env.EXECUTOR_MAX_ATTEMPTS || 3),
    concurrency: Number(env.EXECUTOR_CONCURRENCY || 2),
    codexHome: env.CODEX_HOME || join(env.HOME || tmpdir(), ".codex"),
    codexBin: env.CODEX_BIN || "codex",
    gitopsRepoUrl: env.GITOPS_REPO_URL || "",
    gitopsBranch: env.GITOPS_BRANCH || "main",
    sandbox: sandboxMode(env.EXECUTOR_SANDBOX),
    sandboxLimits: {
      cpuSeconds: Number(env.EXECUTOR_CPU_SECONDS || defaultSandboxLimits.cpuSeconds),
      memoryBytes: Number(env.EXECUTOR_MEMORY_MB || defaultSandboxLimits.memoryBytes / 1024 ** 2) * 1024 ** 2,
      processes: Number(env.EXECUTOR_MAX_PROCESSES || defaultSandboxLimits.processes),
      fileBytes: Number(env.EXECUTOR_MAX_FILE_MB || defaultSandboxLimits.fileBytes / 1024 ** 2) * 1024 ** 2,
    },
    coderNetwork: env.EXECUTOR_CODER_NETWORK !== "false",
  };
}

function serviceTokenFor(queueRef: string, base: ExecutorBase, env: NodeJS.ProcessEnv): TokenSource {
  if (env.AMEIDE_SERVICE_TOKEN_FILE) return fileTokenSource(env.AMEIDE_SERVICE_TOKEN_FILE);
  if (base.serviceToken !== undefined) return base.serviceToken;
  throw new Error(`executor ${queueRef} has no service token: set AMEIDE_SERVICE_TOKEN_FILE to a file holding a token with role executor:${queueRef}`);
}

function sandboxMode(value: string | undefined): SandboxMode {
  if (value === undefined || value === "" || value === "bwrap") return "bwrap";
  if (value === "pod") return "pod";
  throw new Error(`EXECUTOR_SANDBOX "${value}" is not a sandbox: use bwrap (default) or pod (the pod itself is the sandbox)`);
}
