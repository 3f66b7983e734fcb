// The Transformation run (process definition transformation.r2r.v1). Deterministic: all side
// effects go through activities; no infrastructure knowledge (topics, queues, images) lives here.
// The step table (run-steps), delegation of work (run-delegation), gates (run-gates), handlers
// (run-handlers) and the run's ending (run-ending) each live in a file of their own.
import { create } from "@bufbuild/protobuf";
import { ActivityFailure, allHandlersFinished, condition, continueAsNew, workflowInfo } from "@temporalio/workflow";
import { type RunResult, RunResultSchema, type RunState } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { CancelRequested, cancelled, fail } from "./run-ending.js";
import { installHandlers } from "./run-handlers.js";
import { runStep } from "./run-steps.js";

/** The run workflow: intake -> triage -> awaiting_approval -> execution -> release -> done | failed. */
export async function transformationRun(state: RunState): Promise<RunResult> {
  if (state.input === undefined) {
    // Started by a fact for a run that never existed (SignalWithStart): nothing to do.
    return create(RunResultSchema, { outcome: "ignored", reason: "no run input: the routed fact belongs to no run" });
  }
  installHandlers(state);
  try {
    return await drive(state);
  } catch (error) {
    if (error instanceof CancelRequested) return cancelled(state);
    throw error;
  }
}

async function drive(state: RunState): Promise<RunResult> {
  for (;;) {
    if (state.cancelRequested) throw new CancelRequested();
    if (shouldContinueAsNew(state)) {
      await condition(allHandlersFinished);
      state.runEpoch += 1n;
      return continueAsNew<typeof transformationRun>(state);
    }
    let result: RunResult | undefined;
    try {
      result = await runStep(state);
    } catch (error) {
      // A refused or failing side effect (e.g. the Domain rejecting a request) ends the run with a
      // RunFailed fact instead of failing the workflow silently.
      if (!(error instanceof ActivityFailure)) throw error;
      result = await fail(state, `step "${state.step || "start"}" could not complete: ${error.cause?.message ?? error.message}`);
    }
    if (result !== undefined) return result;
  }
}

function shouldContinueAsNew(state: RunState): boolean {
  const info = workflowInfo();
  const threshold = state.input?.policy?.continueAsNewAfterEvents ?? 0;
  return info.continueAsNewSuggested || (threshold > 0 && info.historyLength > threshold);
}
