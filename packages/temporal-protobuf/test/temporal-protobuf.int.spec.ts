import { create, isMessage } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import {
  DecideGateUpdateSchema,
  RunResultSchema,
  RunStateSchema,
  WorkFactSignalSchema,
  type RunResult,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { GateDecision, GateDecisionRecordedSchema } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { createTestClient, createTestWorker, uniqueName } from "@ameide/testkit";
import type { Client } from "@temporalio/client";
import type { Worker } from "@temporalio/worker";
import { decideGateUpdate, protoEntity, workFactSignal } from "./fixtures/workflows.js";

const taskQueue = uniqueName("temporal-protobuf");
let client: Client;
let worker: Worker;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const c = await createTestClient();
  client = c.client;
  const w = await createTestWorker({ taskQueue, workflowsPath: fileURLToPath(new URL("./fixtures/workflows.ts", import.meta.url)) });
  worker = w.worker;
  closers.push(c.close, w.close);
}, 60_000);
afterAll(async () => {
  for (const close of closers) await close();
});

describe("Temporal carries generated messages", () => {
  test("input, signal, update, continue-as-new state and result are protobuf messages", async () => {
    const workflowId = uniqueName("proto-entity");
    const initial = create(RunStateSchema, { phaseKey: "triage", promotedDigests: { staging: "sha256:feed" }, input: { initiativeId: "init-1" } });

    const result: RunResult = await worker.runUntil(async () => {
      const handle = await client.workflow.start(protoEntity, { taskQueue, workflowId, args: [initial] });
      await handle.signal(workFactSignal, create(WorkFactSignalSchema, { fact: { meta: { messageId: "fact-1" } } }));
      // Send the update to the second epoch, once the run has continued as new with its proto state.
      const latest = client.workflow.getHandle<typeof protoEntity>(workflowId);
      await expect.poll(async () => (await latest.describe()).runId, { timeout: 20_000 }).not.toBe(handle.firstExecutionRunId);
      const recorded = await latest.executeUpdate(decideGateUpdate, {
        args: [create(DecideGateUpdateSchema, { gateRef: "approval-1", decision: GateDecision.APPROVED, decisionId: "decision-1" })],
      });
      expect(isMessage(recorded, GateDecisionRecordedSchema)).toBe(true);
      expect(recorded.decisionId).toBe("decision-1");
      return latest.result();
    });

    expect(isMessage(result, RunResultSchema)).toBe(true);
    expect(result.outcome).toBe("epoch=1 seq=1 seen=fact-1");
    expect(result.reason).toBe("decision-1");
    expect(result.promotedDigests).toEqual({ staging: "sha256:feed" });

    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const metadata = started?.input?.payloads?.[0]?.metadata ?? {};
    const text = (b: Uint8Array | null | undefined) => new TextDecoder().decode(b ?? new Uint8Array());
    expect(text(metadata.encoding)).toBe("binary/protobuf");
    expect(text(metadata.messageType)).toBe("ameide_core_proto.process.transformation.v1.RunState");
  });
});
