import { describe, expect, test } from "vitest";
import { transformationRunWorkflow } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_temporal";
import * as workflows from "../src/workflows/index.js";
import { cancelRunSignal, decideGateUpdate, processTaskQueue, runStateQuery, runViewQuery, runWorkflowType, workFactSignal } from "../src/index.js";

// The Temporal names other languages use are declared in the contract (TransformationRunWorkflow);
// the workflow and its clients must be exactly what it declares.
describe("the run workflow is the contract's TransformationRunWorkflow", () => {
  test("the workflow bundle exports the declared workflow type", () => {
    expect(runWorkflowType).toBe(transformationRunWorkflow.workflowType);
    expect(typeof (workflows as Record<string, unknown>)[runWorkflowType]).toBe("function");
    expect(Object.keys(workflows)).toEqual([runWorkflowType]);
  });

  test("the task queue and every signal, update and query carry the declared names", () => {
    expect(processTaskQueue).toBe(transformationRunWorkflow.taskQueue);
    const { signals, updates, queries } = transformationRunWorkflow;
    expect([workFactSignal.name, cancelRunSignal.name].sort()).toEqual(
      Object.values(signals)
        .map((s) => s.name)
        .sort(),
    );
    expect([decideGateUpdate.name]).toEqual(Object.values(updates).map((u) => u.name));
    expect([runStateQuery.name, runViewQuery.name].sort()).toEqual(
      Object.values(queries)
        .map((q) => q.name)
        .sort(),
    );
  });

  test("payload types are the declared messages", () => {
    const { input, result, signals, updates, queries } = transformationRunWorkflow;
    expect(input.typeName).toBe("ameide_core_proto.process.transformation.v1.RunState");
    expect(result.typeName).toBe("ameide_core_proto.process.transformation.v1.RunResult");
    expect(signals.workFact.input.typeName).toBe("ameide_core_proto.process.transformation.v1.WorkFactSignal");
    expect(updates.decideGate.output.typeName).toBe("ameide_core_proto.process.transformation.v1.GateDecisionRecorded");
    expect(queries.runView.output.typeName).toBe("ameide_core_proto.process.transformation.v1.RunView");
  });
});
