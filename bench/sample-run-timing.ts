import { create } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import { GateDecision, type TransformationProcessFact } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import {
  StartRunRequestSchema,
  type TransformationProcessCommandService,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import type { RunWatch } from "@ameide/platform/run-watch";
import { abortable } from "./abortable.js";

/** One sample run, timed from the StartRun call; every offset in ms. */
export interface SampleRunTiming {
  readonly processInstanceId: string;
  /** The terminal fact's case: runCompleted, unless the run went wrong. */
  readonly outcome: string;
  readonly totalMs: number;
  /** When each PhaseEntered fact reached the watcher. */
  readonly phases: ReadonlyArray<{ readonly phaseKey: string; readonly atMs: number }>;
  readonly toolRuns: number;
  /** Sum of the tool runs' command durations (`outputs.duration_ms`). */
  readonly commandMs: number;
}

/** Where a sample run works: the demo's repositories. */
export interface SampleRunTarget {
  readonly repoUrl: string;
  readonly commitSha: string;
}

const scope = { tenantId: "bench", organizationId: "bench-org", repositoryId: "sample-service" };

/**
 * Starts a run through the Process API (the demo's policy: two environments, release approval)
 * and approves each gate as soon as its Awaiting fact arrives; resolves at the terminal fact.
 */
export async function timeSampleRun(
  api: Client<typeof TransformationProcessCommandService>,
  watch: RunWatch,
  target: SampleRunTarget,
  key: string,
  signal: AbortSignal,
): Promise<SampleRunTiming> {
  const t0 = performance.now();
  const { processInstanceId } = await api.startRun(
    create(StartRunRequestSchema, {
      context: { scope, correlationId: key },
      idempotencyKey: key,
      input: {
        scope,
        initiativeId: "process-bench",
        title: "Record the change in CHANGES.md",
        request: "Record the change in CHANGES.md",
        checkout: { repoUrl: target.repoUrl, commitSha: target.commitSha },
        policy: { maxVerifyRounds: 2, requireReleaseApproval: true, environments: ["staging", "production"] },
      },
    }),
  );
  const phases: Array<{ phaseKey: string; atMs: number }> = [];
  const toolRuns: TransformationProcessFact[] = [];
  const ended = watch.until(processInstanceId, async (fact) => {
    if (fact.fact.case === "phaseEntered") phases.push({ phaseKey: fact.fact.value.phaseKey, atMs: performance.now() - t0 });
    if (fact.fact.case === "toolRunRecorded") toolRuns.push(fact);
    if (fact.fact.case === "awaiting") {
      await api.decideGate({
        context: { scope },
        idempotencyKey: `${key}/${fact.fact.value.ref}`,
        processInstanceId,
        gateRef: fact.fact.value.ref,
        decision: GateDecision.APPROVED,
      });
    }
  });
  let terminal: TransformationProcessFact;
  try {
    terminal = await abortable(ended, signal);
  } catch (error) {
    // An interrupted run is cancelled rather than left open on the bench instance's board.
    if (signal.aborted)
      await api
        .cancelRun({ context: { scope }, idempotencyKey: `${key}/cancel`, processInstanceId, reason: "process-bench interrupted" })
        .catch(() => undefined);
    throw error;
  }
  return {
    processInstanceId,
    outcome: terminal.fact.case ?? "unknown",
    totalMs: performance.now() - t0,
    phases,
    toolRuns: toolRuns.length,
    commandMs: toolRuns.reduce((sum, f) => sum + commandMsOf(f), 0),
  };
}

function commandMsOf(fact: TransformationProcessFact): number {
  return fact.fact.case === "toolRunRecorded" ? Number(fact.fact.value.outputs.duration_ms ?? 0) : 0;
}
