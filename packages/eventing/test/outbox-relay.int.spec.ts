import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import { Kysely, PostgresDialect } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createEventMeta, partitionKey } from "@ameide/contracts";
import { TransformationWorkDomainFactSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_facts_pb";
import { ensureTopics, kafkaEngine, loadStackConfig, silentProgress } from "@ameide/stack";
import { createTestDatabase, tapTopic, testStack, type TestDatabase, uniqueName } from "@ameide/testkit";
import { appendToOutbox, createKafka, createOutboxRelay, type OutboxRelay, type OutboxTable, outboxEntry, outboxMigration } from "../src/index.js";

const topic = "transformation.work.domain.facts.v1";
const tenantId = uniqueName("relay-tenant");
let db: TestDatabase;
let kysely: Kysely<{ outbox: OutboxTable }>;

beforeAll(async () => {
  db = await createTestDatabase("relay");
  kysely = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: db.url }) }) });
  const migrator = new Migrator({ db: kysely, provider: { getMigrations: () => Promise.resolve({ "0001_outbox": outboxMigration }) } });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error("outbox migration failed", { cause: error });
});
afterAll(async () => {
  await kysely.destroy();
  await db.drop();
});

/** A work fact for aggregate `id` at `version`, as the Domain would write it. */
function fact(id: string, version: number) {
  const message = create(TransformationWorkDomainFactSchema, {
    meta: createEventMeta({ messageId: `${id}/${version}`, occurredAt: new Date(), producer: "relay-spec", scope: { tenantId, repositoryId: "r" } }),
    aggregate: { type: "WorkRequest", id, version: BigInt(version) },
    fact: { case: "workStarted", value: { workRequestId: id, attempt: version } },
  });
  return outboxEntry(topic, message, partitionKey(tenantId, id));
}

async function append(...entries: ReturnType<typeof fact>[]) {
  await kysely.transaction().execute((tx) => appendToOutbox(tx, entries));
}

function relayFor(brokers = testStack().kafkaBrokers): OutboxRelay {
  const relay = createOutboxRelay({ databaseUrl: db.url, kafka: createKafka(brokers, "relay-spec"), pollIntervalMs: 200 });
  relay.start();
  return relay;
}

const versionsOf = (records: Array<{ message: { aggregate?: { id: string; version: bigint } } }>, id: string) =>
  records.filter((r) => r.message.aggregate?.id === id).map((r) => Number(r.message.aggregate?.version));

describe("outbox relay", () => {
  test("a relay that dies between publish and mark-sent republishes; the duplicate keeps its message_id", async () => {
    const tap = await tapTopic(topic);
    const id = uniqueName("crash");
    const relay = relayFor();
    try {
      await append(fact(id, 1), fact(id, 2));
      await tap.waitFor((r) => r.message.aggregate?.id === id, 2);
      await relay.stop();
      // The rows were published but, as far as the database knows, never marked sent.
      await kysely.updateTable("outbox").set({ sent_at: null }).where("message_id", "like", `${id}/%`).execute();
      relay.start();
      const all = await tap.waitFor((r) => r.message.aggregate?.id === id, 4);
      expect(all.map((r) => r.headers.ce_id)).toEqual([`${id}/1`, `${id}/2`, `${id}/1`, `${id}/2`]);
      expect(await relay.lag()).toMatchObject({ pending: 0 });
    } finally {
      await relay.stop();
      await tap.close();
    }
  });

  test("a transaction that commits after a later one is still relayed, and first", async () => {
    const tap = await tapTopic(topic);
    const id = uniqueName("late");
    const relay = relayFor();
    const early = new pg.Client({ connectionString: db.url });
    await early.connect();
    try {
      await early.query("begin");
      const row = fact(id, 1);
      await early.query("insert into outbox (topic, partition_key, message_id, type_name, payload, headers) values ($1, $2, $3, $4, $5, $6)", [
        row.topic,
        row.partitionKey,
        row.messageId,
        row.typeName,
        Buffer.from(row.payload),
        row.headers,
      ]);
      await append(fact(id, 2));
      await sleep(800);
      // Version 2 committed first, but its transaction is younger than the open one: held back.
      expect(versionsOf(tap.records, id)).toEqual([]);
      await early.query("commit");
      await tap.waitFor((r) => r.message.aggregate?.id === id, 2);
      expect(versionsOf(tap.records, id)).toEqual([1, 2]);
    } finally {
      await early.end();
      await relay.stop();
      await tap.close();
    }
  });

  test("with several relays on one database each row is published once", async () => {
    const tap = await tapTopic(topic);
    const id = uniqueName("multi");
    const relays = [relayFor(), relayFor(), relayFor()];
    try {
      for (let v = 1; v <= 20; v++) await append(fact(id, v));
      await tap.waitFor((r) => r.message.aggregate?.id === id, 20);
      await sleep(600);
      expect(versionsOf(tap.records, id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(relays.filter((r) => r.isLeader())).toHaveLength(1);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
      await tap.close();
    }
  });
});

describe("outbox relay while Kafka is down", () => {
  let stateDir: string;
  const config = () =>
    loadStackConfig({ ...process.env, AMEIDE_STACK_DIR: stateDir, AMEIDE_KAFKA_PORT: "29192", AMEIDE_KAFKA_CONTROLLER_PORT: "29193", KAFKA_BROKERS: "" });

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "ameide-relay-kafka-"));
  });
  afterAll(async () => {
    await kafkaEngine(config(), silentProgress).stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  test("writes keep succeeding, and the facts arrive in order once Kafka is back", async () => {
    const kafka = kafkaEngine(config(), silentProgress);
    await kafka.start();
    await ensureTopics([kafka.address], 3);
    const tap = await tapTopic(topic, kafka.address);
    const relay = relayFor(kafka.address);
    const id = uniqueName("outage");
    try {
      await append(fact(id, 1), fact(id, 2));
      await tap.waitFor((r) => r.message.aggregate?.id === id, 2);
      await tap.close();
      await kafka.stop();

      for (let v = 3; v <= 6; v++) await append(fact(id, v));
      await sleep(500);
      expect((await relay.lag()).pending).toBe(4);

      await kafka.start();
      // Read the whole topic of this private broker: before and after the outage.
      const seen: number[] = [];
      const consumer = await createKafka(kafka.address, "relay-spec-reader").consume(
        { topic, groupId: uniqueName("reader"), startAt: "earliest", commit: "none" },
        (record) => {
          const version = record.headers.ce_id?.split("/").at(-1);
          if (record.key === partitionKey(tenantId, id) && version !== undefined) seen.push(Number(version));
          return Promise.resolve();
        },
      );
      for (let i = 0; i < 200 && seen.length < 6; i++) await sleep(100);
      await consumer.close();
      expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
      expect((await relay.lag()).pending).toBe(0);
    } finally {
      await relay.stop();
    }
  }, 120_000);
});
