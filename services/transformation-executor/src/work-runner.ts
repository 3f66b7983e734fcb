import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { durationMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import type { WorkExecutionRequested } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_intents_pb";
import { type WorkRequest, WorkOutcomeSchema, WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { terminalWorkStatuses } from "@ameide/contracts";
import { WorkResult } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import type { Logger } from "@ameide/service-kit";
import { type DomainClient, withRetry } from "./domain-client.js";
import { storeEvidenceBundle } from "./evidence/evidence-bundle.js";
import type { EvidenceStore } from "./evidence/evidence-store.js";
import type { ExecutorConfig } from "./executor-config.js";
import { failedReport, type WorkContext, type WorkHandler, type WorkReport } from "./handlers/work-handler.js";
import { maxEvidenceItemBytes, maxSummaryChars, type Scrubber } from "./sandbox/scrubber.js";

/** What the runner needs. */
export interface RunnerDeps {
  readonly config: ExecutorConfig;
  readonly domain: DomainClient;
  readonly evidence: EvidenceStore;
  readonly handlerFor: (workRequest: WorkRequest) => WorkHandler;
  readonly logger: Logger;
  /** Removes every secret the executor holds from what leaves it. */
  readonly scrubber: Scrubber;
}

/** How one delivery ended; every value means the intent may be committed. */
export type RunOutcome = "succeeded" | "failed" | "skipped_terminal" | "skipped_unknown" | "skipped_owned_elsewhere";

/**
 * Runs one execution intent: reads the WorkRequest, skips it when it is already terminal, records
 * the start of the next attempt, runs the handler, stores evidence and records the outcome.
 * Throws only when the Domain cannot be reached, so the intent is redelivered.
 */
export async function runIntent(intent: WorkExecutionRequested, deps: RunnerDeps): Promise<RunOutcome> {
  const scope = intent.workRequest?.scope;
  const workRequest = await readWorkRequest(deps, intent);
  if (workRequest === undefined) return "skipped_unknown";
  if (terminalWorkStatuses.has(workRequest.status)) return "skipped_terminal";
  const log = deps.logger.child({
    work_request_id: workRequest.workRequestId,
    tenant_id: scope?.tenantId,
    correlation_id: workRequest.correlationId,
    message_id: intent.meta?.messageId,
  });
  // A redelivery of work some executor already started is a new attempt: the old one died with it.
  const attempt = workRequest.status === WorkStatus.REQUESTED ? Math.max(workRequest.attempt, intent.attempt, 1) : workRequest.attempt + 1;
  const ctx = await workContext(deps, workRequest, attempt);
  try {
    const handler = deps.handlerFor(workRequest);
    const maxAttempts = workRequest.execution?.maxAttempts || deps.config.maxAttempts;
    const refused =
      attempt > maxAttempts
        ? failedReport("max_attempts", `attempt ${attempt} exceeds max_attempts ${maxAttempts}; the earlier attempts did not report an outcome`)
        : await handler.preflight?.(ctx);
    // Refused before a start: the outcome belongs to the attempt the WorkRequest is at.
    if (refused !== undefined) return await record(deps, workRequest, workRequest.attempt, refused, log);
    if (!(await recordStarted(deps, workRequest, attempt, log))) return "skipped_owned_elsewhere";
    log.info("work started", { attempt });
    const report = await handler.run(ctx).catch((error: unknown) => failedReport("executor_error", `executor error: ${(error as Error).message}`));
    return await record(deps, workRequest, attempt, report, log);
  } finally {
    await rm(ctx.workDir, { recursive: true, force: true });
  }
}

/** The WorkRequest an intent names, or undefined when the Domain does not know it (nothing to run). */
async function readWorkRequest(deps: RunnerDeps, intent: WorkExecutionRequested): Promise<WorkRequest | undefined> {
  const ref = intent.workRequest;
  try {
    const { workRequest } = await withRetry(() => deps.domain.queries.getWorkRequest({ scope: ref?.scope, workRequestId: ref?.workRequestId ?? "" }));
    return workRequest;
  } catch (error) {
    if (ConnectError.from(error).code !== Code.NotFound) throw error;
    deps.logger.warn("intent names unknown work; skipped", { work_request_id: ref?.workRequestId, message_id: intent.meta?.messageId });
    return undefined;
  }
}

async function workContext(deps: RunnerDeps, workRequest: WorkRequest, attempt: number): Promise<WorkContext> {
  const workDir = join(deps.config.workRoot, `${workRequest.workRequestId}-a${attempt}-${process.pid}`);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  const timeout = workRequest.execution?.timeout;
  return { workRequest, attempt, workDir, timeoutMs: timeout ? durationMs(timeout) : deps.config.defaultTimeoutMs, config: deps.config };
}

/** Records the start; false when another executor already owns this attempt or the work ended. */
async function recordStarted(deps: RunnerDeps, workRequest: WorkRequest, attempt: number, log: Logger): Promise<boolean> {
  try {
    await withRetry(() =>
      deps.domain.commands.recordWorkStarted({
        context: { scope: workRequest.scope },
        idempotencyKey: `${workRequest.workRequestId}/start/${attempt}`,
        workRequestId: workRequest.workRequestId,
        attempt,
        executorId: deps.config.executorId,
      }),
    );
    return true;
  } catch (error) {
    const code = ConnectError.from(error).code;
    if (code === Code.AlreadyExists || code === Code.FailedPrecondition) {
      log.info("work not started here", { attempt, reason: ConnectError.from(error).rawMessage });
      return false;
    }
    throw error;
  }
}

async function record(deps: RunnerDeps, workRequest: WorkRequest, attempt: number, raw: WorkReport, log: Logger): Promise<RunOutcome> {
  deps.scrubber.add(await deps.config.serviceToken().catch(() => ""));
  const report = scrubbed(raw, deps.scrubber);
  const bundle = await storeEvidenceBundle(deps.evidence, report.evidence);
  const outcome = create(WorkOutcomeSchema, {
    summary: report.summary,
    exitCode: report.exitCode,
    outputs: report.outputs,
    evidenceBundleId: bundle.bundleId,
    artifactRefs: bundle.refs,
    failureReason: report.failureReason ?? "",
  });
  try {
    await withRetry(() =>
      deps.domain.commands.recordWorkOutcome({
        context: { scope: workRequest.scope },
        idempotencyKey: `${workRequest.workRequestId}/outcome/${attempt}`,
        workRequestId: workRequest.workRequestId,
        attempt,
        result: report.succeeded ? WorkResult.SUCCEEDED : WorkResult.FAILED,
        outcome,
      }),
    );
  } catch (error) {
    // Canceled meanwhile, or a newer attempt took over: the Domain keeps the one terminal outcome.
    if (ConnectError.from(error).code !== Code.FailedPrecondition) throw error;
    log.warn("outcome not recorded", { attempt, reason: ConnectError.from(error).rawMessage });
  }
  log.info("work finished", { attempt, succeeded: report.succeeded, failure_reason: report.failureReason, evidence_bundle_id: bundle.bundleId });
  return report.succeeded ? "succeeded" : "failed";
}

/** The report with every secret value replaced and every part bounded, before it is stored or sent. */
function scrubbed(report: WorkReport, scrubber: Scrubber): WorkReport {
  const text = (content: string | Uint8Array) => {
    const clean = scrubber.scrub(typeof content === "string" ? content : Buffer.from(content).toString("utf8"));
    return clean.length > maxEvidenceItemBytes ? `[... ${clean.length - maxEvidenceItemBytes} bytes dropped]\n${clean.slice(-maxEvidenceItemBytes)}` : clean;
  };
  const summary = scrubber.scrub(report.summary);
  return {
    ...report,
    summary: summary.length > maxSummaryChars ? `${summary.slice(0, maxSummaryChars - 20)} [... truncated]` : summary,
    outputs: Object.fromEntries(Object.entries(report.outputs).map(([k, v]) => [k, scrubber.scrub(v).slice(0, 4096)])),
    evidence: report.evidence.map((item) => ({ ...item, content: isText(item.mediaType) ? text(item.content) : item.content })),
  };
}

function isText(mediaType: string): boolean {
  return mediaType.startsWith("text/") || mediaType.endsWith("json") || mediaType.endsWith("yaml");
}
