import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { type WorkRequest, WorkRequestSchema, WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { RequestWorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import type { ExecutorConfig } from "@ameide/transformation-executor";
import type { RunActivities } from "@ameide/transformation-process";
import { toolRunHandler } from "@ameide/transformation-executor";
import type { WorkReport } from "@ameide/transformation-executor";

/** What an inline tool run reports back to its workflow. */
export interface InlineReport {
  readonly succeeded: boolean;
  readonly summary: string;
  /** Work directory, checkout, command and clean-up. */
  readonly activityMs: number;
  /** The command alone (`outputs.duration_ms`). */
  readonly commandMs: number;
}

/** What the bench activities need: the Process service's own activities and an executor configuration. */
export interface BenchActivityDeps {
  readonly process: Pick<RunActivities, "requestWork">;
  readonly executorConfig: ExecutorConfig;
}

/** The bench workflows' activities. */
export function createBenchActivities(deps: BenchActivityDeps) {
  return {
    /** Delegates the work to the Domain, exactly as the run workflow does. */
    requestWork: (request: RequestWorkRequest) => deps.process.requestWork(request),

    /**
     * Runs the request's tool run here, with the executor's tool-run handler, in a fresh work
     * directory removed afterwards, as an executor's attempt does; without the Domain's
     * WorkRequest, start and outcome records, and without storing evidence.
     */
    async runInline(request: RequestWorkRequest): Promise<InlineReport> {
      const started = performance.now();
      const report = await runToolRun(deps.executorConfig, inlineWorkRequest(request));
      return {
        succeeded: report.succeeded,
        summary: report.summary,
        activityMs: performance.now() - started,
        commandMs: Number(report.outputs.duration_ms ?? Number.NaN),
      };
    },
  };
}

/** The WorkRequest the Domain would have made of the request, as its executor would see it. */
function inlineWorkRequest(request: RequestWorkRequest): WorkRequest {
  return create(WorkRequestSchema, {
    workRequestId: randomUUID(),
    scope: request.context?.scope,
    requestedBy: request.requestedBy,
    workKind: request.workKind,
    actionKind: request.actionKind,
    clientRequestId: request.clientRequestId,
    inputs: request.inputs,
    status: WorkStatus.STARTED,
    attempt: 1,
  });
}

async function runToolRun(config: ExecutorConfig, workRequest: WorkRequest): Promise<WorkReport> {
  await mkdir(config.workRoot, { recursive: true });
  const workDir = await mkdtemp(join(config.workRoot, "inline-"));
  try {
    return await toolRunHandler.run({ workRequest, attempt: 1, workDir, timeoutMs: config.defaultTimeoutMs, config });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The activity functions, for `proxyActivities<BenchActivities>()`. */
export type BenchActivities = ReturnType<typeof createBenchActivities>;
