// The process benchmark's workflows (workflowsPath of its worker; deterministic code only): the same
// N no-op tool runs, one after the other, either delegated through the platform or run inline in
// an Activity. Per-item times are workflow time (Date.now() = the activation's timestamp), so
// both paths are measured alike: from the activation that schedules the item to the one that sees
// its outcome.
import { create } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from "@temporalio/workflow";
import type { Scope } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import type { TransformationWorkDomainFact } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import { ActionKind, WorkKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { type RequestWorkRequest, RequestWorkRequestSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
// The run workflow's own signal definition, so the platform's fact ingress reaches these workflows.
import { workFactSignal } from "@ameide/transformation-process";
import type { BenchActivities } from "./process-bench-activities.js";

/** What both workflows run: `items` GENERATE tool runs on a repository whose command is a no-op. */
export interface NoopRunInput {
  readonly items: number;
  readonly repoUrl: string;
  readonly commitSha: string;
  readonly scope: Omit<Scope, "$typeName">;
}

/** One delegated item; every time in ms, all read from this machine's wall clock. */
export interface DelegatedItem {
  readonly workRequestId: string;
  readonly totalMs: number;
  /** The RequestWork activity (schedule, Domain RPC, completion). */
  readonly requestMs: number;
  /** From the Domain recording the outcome (`finished_at`) to the activation that handled the routed fact. */
  readonly backMs: number;
  /** The command itself, as the executor measured it (`outputs.duration_ms`). */
  readonly commandMs: number;
}

/** One inline item. */
export interface InlineItem {
  readonly totalMs: number;
  /** The checkout, command and clean-up inside the Activity. */
  readonly activityMs: number;
  readonly commandMs: number;
}

/** A workflow's measurements; `elapsedMs` runs from the first item's start to the last one's end. */
export interface NoopRunResult<T> {
  readonly items: T[];
  readonly elapsedMs: number;
}

const terminalCases = new Set(["workCompleted", "workFailed", "workCanceled"]);
// No hidden retries: a failure must fail the benchmark, not stretch an item's time.
const activities = proxyActivities<BenchActivities>({ startToCloseTimeout: "60 seconds", retry: { maximumAttempts: 1 } });

/** Delegated: RequestWork, then wait for the work's terminal fact, which the platform's ingress signals in. */
export async function delegatedNoops(input: NoopRunInput): Promise<NoopRunResult<DelegatedItem>> {
  const outcomes = new Map<string, TransformationWorkDomainFact>();
  // Every running platform instance's ingress routes the same fact here (and Kafka may redeliver): the first one counts.
  setHandler(workFactSignal, ({ fact }) => {
    const id = (fact?.fact.value as { workRequestId?: string } | undefined)?.workRequestId ?? "";
    if (fact !== undefined && terminalCases.has(fact.fact.case ?? "") && id !== "" && !outcomes.has(id)) outcomes.set(id, fact);
  });
  const items: DelegatedItem[] = [];
  const begin = Date.now();
  for (let i = 0; i < input.items; i++) {
    const started = Date.now();
    const { workRequestId } = await activities.requestWork(noopRequest(input, i));
    const requested = Date.now();
    if (!(await condition(() => outcomes.has(workRequestId), "2 minutes"))) {
      throw ApplicationFailure.nonRetryable(
        `item ${i}: no outcome of work ${workRequestId} within 2 minutes; is the platform's toolrun.generate executor running?`,
      );
    }
    const fact = outcomes.get(workRequestId)!;
    if (fact.fact.case !== "workCompleted")
      throw ApplicationFailure.nonRetryable(`item ${i}: work ${workRequestId} ended with ${fact.fact.case}: ${summaryOf(fact)}`);
    const finished = fact.fact.value.finishedAt;
    const finishedMs = finished === undefined ? Number.NaN : timestampMs(finished);
    const ended = Date.now();
    items.push({
      workRequestId,
      totalMs: ended - started,
      requestMs: requested - started,
      backMs: ended - finishedMs,
      commandMs: Number(fact.fact.value.outcome?.outputs.duration_ms ?? Number.NaN),
    });
  }
  return { items, elapsedMs: Date.now() - begin };
}

/** Inline: the same requests, each run in-process by an Activity (no Domain, no Kafka). */
export async function inlineNoops(input: NoopRunInput): Promise<NoopRunResult<InlineItem>> {
  const items: InlineItem[] = [];
  const begin = Date.now();
  for (let i = 0; i < input.items; i++) {
    const started = Date.now();
    const report = await activities.runInline(noopRequest(input, i));
    if (!report.succeeded) throw ApplicationFailure.nonRetryable(`item ${i}: the inline tool run failed: ${report.summary}`);
    items.push({ totalMs: Date.now() - started, activityMs: report.activityMs, commandMs: report.commandMs });
  }
  return { items, elapsedMs: Date.now() - begin };
}

/** A GENERATE tool run; requested_by names this workflow, so the ingress routes the outcome here. */
function noopRequest(input: NoopRunInput, i: number): RequestWorkRequest {
  const { workflowId, runId } = workflowInfo();
  return create(RequestWorkRequestSchema, {
    context: { scope: input.scope, correlationId: workflowId },
    clientRequestId: `${workflowId}/item/${i}`,
    requestedBy: { processInstanceId: workflowId, activityId: `item/${i}`, processRunId: runId },
    workKind: WorkKind.TOOL_RUN,
    actionKind: ActionKind.GENERATE,
    inputs: { checkout: { repoUrl: input.repoUrl, commitSha: input.commitSha } },
  });
}

function summaryOf(fact: TransformationWorkDomainFact): string {
  return fact.fact.case === "workCompleted" || fact.fact.case === "workFailed" ? (fact.fact.value.outcome?.summary ?? "") : "";
}
