import { create } from "@bufbuild/protobuf";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RunStateSchema } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_workflow_pb";
import { createTestDatabase, type TestDatabase } from "@ameide/testkit";
import { createActivities } from "../src/activities.js";
import { openProcessDb, type ProcessDatabase } from "../src/process-database.js";
import { nextProcessFact } from "../src/workflows/progress.js";
import type { Kysely } from "kysely";

let database: TestDatabase;
let db: Kysely<ProcessDatabase>;
beforeAll(async () => {
  database = await createTestDatabase("process_activities");
  db = await openProcessDb(database.url);
});
afterAll(async () => {
  await db.destroy();
  await database.drop();
});

describe("progress emission", () => {
  test("a retried emission carries the same message_id and is stored once", async () => {
    const activities = createActivities({ db, work: undefined as never, knowledge: undefined as never });
    const state = create(RunStateSchema, { input: { scope: { tenantId: "t", repositoryId: "r" }, initiativeId: "i" }, runEpoch: 2n, seq: 7n });
    const fact = nextProcessFact(
      state,
      { processInstanceId: "r2r-abc", processRunId: "run-1", nowMs: 0 },
      { case: "phaseEntered", value: { phaseKey: "execution" } },
    );
    expect(fact.meta?.messageId).toBe("r2r-abc/2/8");
    await activities.emitProcessFacts(fact);
    // Temporal retries the activity (e.g. the worker died after the insert): the same fact again.
    await activities.emitProcessFacts(fact);
    const rows = await db.selectFrom("outbox").select(["message_id", "topic", "partition_key"]).execute();
    expect(rows).toEqual([{ message_id: "r2r-abc/2/8", topic: "transformation.process.facts.v1", partition_key: "t/r2r-abc" }]);
  });
});
