import type { WorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { EvidenceItem } from "../evidence/evidence-bundle.js";
import type { ExecutorConfig } from "../executor-config.js";

/** Everything a handler gets for one attempt. */
export interface WorkContext {
  readonly workRequest: WorkRequest;
  readonly attempt: number;
  /** A fresh, empty directory of this attempt. */
  readonly workDir: string;
  readonly timeoutMs: number;
  readonly config: ExecutorConfig;
}

/** What a handler reports; the runner stores the evidence and records the outcome. */
export interface WorkReport {
  readonly succeeded: boolean;
  readonly summary: string;
  readonly exitCode: number;
  readonly outputs: Record<string, string>;
  readonly evidence: EvidenceItem[];
  /** Machine-readable reason on failure: timeout, exit_code, missing_credentials, manifest, no_changes, ... */
  readonly failureReason?: string;
}

/** Runs one kind of work. */
export interface WorkHandler {
  /** Checks run before the start is recorded; a report here fails the work without running it. */
  preflight?(ctx: WorkContext): Promise<WorkReport | undefined>;
  run(ctx: WorkContext): Promise<WorkReport>;
}

/** A failed report with a message, for problems found before or instead of running. */
export function failedReport(failureReason: string, summary: string, evidence: EvidenceItem[] = [], exitCode = -1): WorkReport {
  return {
    succeeded: false,
    summary,
    exitCode,
    outputs: { failure_reason: failureReason },
    evidence: [{ name: "error.txt", mediaType: "text/plain", content: summary }, ...evidence],
    failureReason,
  };
}
