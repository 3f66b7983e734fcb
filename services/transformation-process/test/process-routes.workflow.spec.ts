import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { expect, test } from "vitest";
import { GateDecision } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { TransformationProcessQueryService } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import { DecideGateUpdateSchema, RunPhase } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { decideGateUpdate } from "../src/index.js";
import { processRoutes } from "../src/process-routes.js";
import { startWorkflowHarness } from "./fixtures/workflow-harness.js";

// GetRun over the Process routes on a dev server and worker of their own (auth and validation are
// the interceptors' business, covered by the access matrix), so the worker can be stopped.

test("a closed run's view is asked of a worker once: GetRun answers it again with no worker left", async () => {
  const harness = await startWorkflowHarness();
  const runs = createClient(TransformationProcessQueryService, createRouterTransport(processRoutes(harness.client)));
  try {
    const run = await harness.start({}, undefined, { tenantId: "tenant-w" });
    await run.waitFor((f) => f.fact.case === "awaiting");
    const open = (await runs.getRun({ scope: { tenantId: "tenant-w" }, processInstanceId: run.handle.workflowId })).run;
    expect(open).toMatchObject({ phase: RunPhase.AWAITING_APPROVAL, ended: false });
    const decisionId = randomUUID();
    const update = create(DecideGateUpdateSchema, { gateRef: "approval-1", decision: GateDecision.REJECTED, comment: "no", decisionId });
    await run.handle.executeUpdate(decideGateUpdate, { args: [update], updateId: decisionId });
    expect((await run.result()).outcome).toBe("failed");

    const closed = (await runs.getRun({ scope: { tenantId: "tenant-w" }, processInstanceId: run.handle.workflowId })).run;
    expect(closed).toMatchObject({ phase: RunPhase.FAILED, ended: true });
    expect(closed?.decisions.map((d) => d.decision)).toEqual([GateDecision.REJECTED]);
    // The view kept for its tenant is not an answer for another one.
    const stranger = await runs
      .getRun({ scope: { tenantId: "tenant-x" }, processInstanceId: run.handle.workflowId })
      .catch((e: unknown) => ConnectError.from(e));
    expect(stranger).toMatchObject({ code: Code.NotFound });

    // Without a worker a query has no one to replay the history; the ownership check still runs.
    await harness.stopWorker();
    expect((await runs.getRun({ scope: { tenantId: "tenant-w" }, processInstanceId: run.handle.workflowId })).run).toEqual(closed);
    const strangerAgain = await runs
      .getRun({ scope: { tenantId: "tenant-x" }, processInstanceId: run.handle.workflowId })
      .catch((e: unknown) => ConnectError.from(e));
    expect(strangerAgain).toMatchObject({ code: Code.NotFound });
  } finally {
    await harness.close();
  }
}, 60_000);
