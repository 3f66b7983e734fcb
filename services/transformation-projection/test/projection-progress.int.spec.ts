import { sql } from "kysely";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { decodeFromTopic, partitionKey } from "@ameide/contracts";
import { createKafka, recordHeaders } from "@ameide/eventing";
import { createLogger } from "@ameide/service-kit";
import { createTestDatabase, type TestDatabase, testServiceAuth, testStack, uniqueName } from "@ameide/testkit";
import { openProjectionDb, type ProjectionDatabase, projectedTopics, projectionGroupFor, startProjectionService } from "../src/index.js";
import { completedRun } from "./fixtures/facts.js";

// The projection's progress lives with its effects: source_position is written in each fact's
// transaction, and every start reads from there. Kafka's committed offsets are not the truth: an
// effect lost after its offset was committed (the database rolled back to a backup, a crash
// before a durable commit) is read again.

let database: TestDatabase;
let db: Kysely<ProjectionDatabase>;
const group = uniqueName("progress");
const tenant = uniqueName("progress");
const brokers = () => testStack().kafkaBrokers;

beforeAll(async () => {
  database = await createTestDatabase("progress");
  db = await openProjectionDb(database.url);
  // A new group starts at the topics' current end, as a new platform instance does.
  const admin = await createKafka(brokers(), "progress-spec").admin();
  try {
    for (const topic of projectedTopics) await admin.setCommittedOffsets(projectionGroupFor(group, topic), topic, await admin.endOffsets(topic));
  } finally {
    await admin.close();
  }
});
afterAll(async () => {
  await db.destroy();
  await database.drop();
});

const start = async () =>
  startProjectionService({
    databaseUrl: database.url,
    kafkaBrokers: brokers(),
    port: 0,
    groupId: group,
    logger: createLogger({}, { level: "error" }),
    auth: await testServiceAuth(),
  });
const cardsOf = async () => (await db.selectFrom("card").select("card_id").where("tenant_id", "=", tenant).orderBy("card_id").execute()).map((r) => r.card_id);
const factsOf = async () =>
  Number((await db.selectFrom("card_fact").select(sql<string>`count(*)`.as("n")).where("tenant_id", "=", tenant).executeTakeFirst())?.n);

async function publish(cardId: string): Promise<number> {
  const records = completedRun(tenant, cardId);
  const producer = await createKafka(brokers(), "progress-spec").producer();
  try {
    for (const record of records) {
      const message = decodeFromTopic(record.topic, record.payload);
      await producer.send([
        {
          topic: record.topic,
          messages: [{ key: partitionKey(tenant, cardId), value: record.payload, headers: message.meta ? recordHeaders(message.meta, message.$typeName) : {} }],
        },
      ]);
    }
  } finally {
    await producer.close();
  }
  return records.length;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("the projection's progress", () => {
  test("a lost effect whose Kafka offset was committed is read again from the stored position", async () => {
    const service = await start();
    const first = await publish("r2r-p1");
    await until(async () => (await factsOf()) === first, "the first run folded");
    const admin = await createKafka(brokers(), "progress-spec").admin();
    const before = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const topic of projectedTopics) before.set(topic, await admin.endOffsets(topic));
    const total = first + (await publish("r2r-p2"));
    await until(async () => (await factsOf()) === total, "the second run folded");
    // Let the periodic commit pass, then stop: the group's offsets are past every fact.
    await new Promise((r) => setTimeout(r, 2500));
    await service.close();
    const topic = "transformation.process.facts.v1";
    const committed = await admin.committedOffsets(projectionGroupFor(group, topic), topic).finally(() => admin.close());
    const ends = before.get(topic) ?? [];
    expect(committed.some((c) => BigInt(c.offset) > BigInt(ends.find((e) => e.partition === c.partition)?.offset ?? "0"))).toBe(true);

    // Lose the second run's effects and the positions they advanced, as a restore to an earlier
    // backup would; the group's committed offsets still say everything was read.
    await db.transaction().execute(async (tx) => {
      const lost = await tx.selectFrom("card_fact").select("message_id").where("tenant_id", "=", tenant).where("card_id", "=", "r2r-p2").execute();
      await tx
        .deleteFrom("inbox")
        .where(
          "message_id",
          "in",
          lost.map((l) => l.message_id),
        )
        .execute();
      await tx.deleteFrom("card_fact").where("tenant_id", "=", tenant).where("card_id", "=", "r2r-p2").execute();
      await tx.deleteFrom("card").where("tenant_id", "=", tenant).where("card_id", "=", "r2r-p2").execute();
      for (const [name, partitions] of before) {
        for (const { partition, offset } of partitions) {
          const position = (BigInt(offset) - 1n).toString();
          await tx
            .insertInto("source_position")
            .values({ topic: name, partition, offset: position })
            .onConflict((c) => c.columns(["topic", "partition"]).doUpdateSet({ offset: position }))
            .execute();
        }
      }
    });
    expect(await cardsOf()).toEqual(["r2r-p1"]);

    // Restarted with the same group, it follows its own positions, not the group's commits.
    const again = await start();
    try {
      await until(async () => (await cardsOf()).length === 2 && (await factsOf()) === total, "the lost run folded again");
      expect(await cardsOf()).toEqual(["r2r-p1", "r2r-p2"]);
    } finally {
      await again.close();
    }
  }, 90_000);
});
