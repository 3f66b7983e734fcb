import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { type BusRecord, createKafkaBus, type KafkaBus, provisionTopics } from "@ameide/kafka-bus";
import { loadStackConfig } from "@ameide/stack";
import { testStack, uniqueName } from "@ameide/testkit";

const run = promisify(execFile);
const partitions = 6; // not a power of two: a partitioner that differs from Java's shows

/** Java's own default partitioner (kafka-clients from the stack's jars), for the same keys. */
async function javaPartitions(keys: string[]): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), "java-partitioner-"));
  const source = join(dir, "Partitions.java");
  await writeFile(
    source,
    `import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
public class Partitions {
  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    for (int i = 1; i < args.length; i++) System.out.println(BuiltInPartitioner.partitionForKey(args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8), n));
  }
}
`,
  );
  const config = loadStackConfig();
  const libs = join(config.cacheDir, "kafka", config.kafka.version, "libs", "*");
  const { stdout } = await run("java", ["-cp", libs, source, String(partitions), ...keys]);
  return stdout.trim().split("\n").map(Number);
}

/** Collects a topic's records from the start. */
async function collect(bus: KafkaBus, topic: string, until: (records: BusRecord[]) => boolean): Promise<BusRecord[]> {
  const records: BusRecord[] = [];
  const consumer = await bus.consume({ topic, groupId: uniqueName("collect"), startAt: "earliest", commit: "none", maxWaitMs: 100 }, (record) => {
    records.push(record);
    return Promise.resolve();
  });
  try {
    for (let i = 0; i < 300 && !until(records); i++) await sleep(100);
    return records;
  } finally {
    await consumer.close();
  }
}

describe("the Kafka bus", () => {
  const client = "platformatic";
  const bus = createKafkaBus({ brokers: testStack().kafkaBrokers, clientId: "bus-spec" });
  let topic: string;

  beforeAll(async () => {
    topic = uniqueName(`bus-spec-${client}`);
    const admin = await bus.admin();
    await admin.createTopics([{ name: topic, partitions }]);
    await admin.close();
  });

  test("places keys on the partitions Java's default partitioner picks, with values and headers intact", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `tenant-${i % 3}/work-${i}`);
    const producer = await bus.producer();
    await producer.send([
      {
        topic,
        messages: keys.map((key, i) => ({
          key,
          value: new Uint8Array([i, 255 - i]),
          headers: { ce_id: `msg-${i}`, "content-type": "application/x-protobuf" },
        })),
      },
    ]);
    await producer.close();

    const records = await collect(bus, topic, (r) => r.length >= keys.length);
    const expected = await javaPartitions(keys);
    const byKey = new Map(records.map((r) => [r.key, r]));
    expect(keys.map((key) => byKey.get(key)?.partition)).toEqual(expected);
    const third = byKey.get(keys[3]!);
    expect([...(third?.value ?? [])]).toEqual([3, 252]);
    expect(third?.headers).toEqual({ ce_id: "msg-3", "content-type": "application/x-protobuf" });
  });

  test("commits only after the handler resolved: a rejected record comes again; a new group resumes after the committed ones", async () => {
    const own = uniqueName(`bus-spec-commit-${client}`);
    const admin = await bus.admin();
    await admin.createTopics([{ name: own, partitions: 1 }]);
    const producer = await bus.producer();
    await producer.send([{ topic: own, messages: ["a", "b", "c"].map((key) => ({ key, value: new TextEncoder().encode(key), headers: {} })) }]);
    await producer.close();

    const groupId = uniqueName("group");
    const seen: string[] = [];
    let failOnce = true;
    const consumer = await bus.consume({ topic: own, groupId, commit: "message", maxWaitMs: 100 }, (record) => {
      seen.push(record.key);
      if (record.key === "b" && failOnce) {
        failOnce = false;
        return Promise.reject(new Error("not yet"));
      }
      return Promise.resolve();
    });
    for (let i = 0; i < 200 && seen.filter((k) => k === "c").length === 0; i++) await sleep(100);
    await consumer.close();
    expect(seen.filter((k) => k === "b")).toHaveLength(2);
    expect(seen.at(-1)).toBe("c");
    expect(await admin.committedOffsets(groupId, own)).toEqual([{ partition: 0, offset: "3" }]);

    // Explicit start offsets, end offsets and setting a group's offsets.
    expect(await admin.endOffsets(own)).toEqual([{ partition: 0, offset: "3" }]);
    const later = uniqueName("group");
    await admin.setCommittedOffsets(later, own, [{ partition: 0, offset: "2" }]);
    expect(await admin.committedOffsets(later, own)).toEqual([{ partition: 0, offset: "2" }]);
    const resumed = await collectGroup(bus, own, later);
    expect(resumed).toEqual(["c"]);
    await admin.deleteGroups([later]);
    await admin.close();
  });

  test("a batch consumer hands a partition's waiting records over together, in order, each once", async () => {
    const own = uniqueName(`bus-spec-batches-${client}`);
    const admin = await bus.admin();
    await admin.createTopics([{ name: own, partitions: 1 }]);
    await admin.close();
    const producer = await bus.producer();
    const keys = Array.from({ length: 300 }, (_, i) => `k${i}`);
    await producer.send([{ topic: own, messages: keys.map((key) => ({ key, value: new TextEncoder().encode(key), headers: {} })) }]);
    await producer.close();
    const batches: string[][] = [];
    const consumer = await bus.consumeBatches(
      { topic: own, groupId: uniqueName("batches"), startAt: "earliest", commit: "none", maxWaitMs: 100, maxBatchRecords: 100 },
      (records) => {
        batches.push(records.map((r) => r.key));
        return Promise.resolve();
      },
    );
    for (let i = 0; i < 200 && batches.flat().length < keys.length; i++) await sleep(100);
    await consumer.close();
    expect(batches.flat()).toEqual(keys);
    expect(batches.every((b) => b.length <= 100)).toBe(true);
    // Waiting records go together from the first batch on: not one record, then the rest.
    expect(batches[0]?.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThan(keys.length / 10);
  });
});

describe("topic provisioning", () => {
  const bus = createKafkaBus({ brokers: testStack().kafkaBrokers, clientId: "provision-spec" });
  const keys = ["retention.ms", "retention.bytes", "cleanup.policy"];

  test("creates missing topics with their settings, restores drifted settings, and a dry run changes nothing", async () => {
    const admin = await bus.admin();
    try {
      const kept = { name: uniqueName("provision-kept"), partitions: 2, settings: { "retention.ms": "-1", "retention.bytes": "-1" } };
      const bounded = { name: uniqueName("provision-bounded"), partitions: 1, settings: { "retention.ms": "86400000" } };
      expect(await provisionTopics(admin, [kept, bounded])).toEqual({ created: [kept.name, bounded.name], changed: [], unchanged: [], partitionsKept: [] });
      const created = await admin.topicSettings([kept.name, bounded.name], keys);
      expect(created.get(kept.name)).toMatchObject({ "retention.ms": "-1", "retention.bytes": "-1", "cleanup.policy": "delete" });
      expect(created.get(bounded.name)).toMatchObject({ "retention.ms": "86400000" });
      expect((await admin.endOffsets(kept.name)).length).toBe(2);

      // Someone shortened the kept topic's retention and compacted it.
      await admin.setTopicSettings(kept.name, { "retention.ms": "1000", "cleanup.policy": "compact" });
      const drift = { topic: kept.name, setting: "retention.ms", from: "1000", to: "-1" };
      expect(await provisionTopics(admin, [kept, bounded], { dryRun: true })).toEqual({
        created: [],
        changed: [drift],
        unchanged: [bounded.name],
        partitionsKept: [],
      });
      expect((await admin.topicSettings([kept.name], keys)).get(kept.name)?.["retention.ms"]).toBe("1000");
      expect(await provisionTopics(admin, [kept, bounded])).toEqual({ created: [], changed: [drift], unchanged: [bounded.name], partitionsKept: [] });
      // Only the settings a spec names are provisioned; the others stay as they were.
      expect((await admin.topicSettings([kept.name], keys)).get(kept.name)).toMatchObject({ "retention.ms": "-1", "cleanup.policy": "compact" });
      expect(await provisionTopics(admin, [kept, bounded])).toEqual({ created: [], changed: [], unchanged: [kept.name, bounded.name], partitionsKept: [] });
      // Asked for more partitions, an existing topic keeps its own (more would move keys) and says so.
      const wider = await provisionTopics(admin, [{ ...kept, partitions: 4 }]);
      expect(wider).toEqual({ created: [], changed: [], unchanged: [kept.name], partitionsKept: [{ topic: kept.name, partitions: 2, asked: 4 }] });
      expect((await admin.endOffsets(kept.name)).length).toBe(2);
      await admin.deleteTopics([kept.name, bounded.name]);
    } finally {
      await admin.close();
    }
  });
});

async function collectGroup(bus: KafkaBus, topic: string, groupId: string): Promise<string[]> {
  const keys: string[] = [];
  const consumer = await bus.consume({ topic, groupId, commit: "message", maxWaitMs: 100 }, (record) => {
    keys.push(record.key);
    return Promise.resolve();
  });
  for (let i = 0; i < 100 && keys.length === 0; i++) await sleep(100);
  await sleep(300);
  await consumer.close();
  return keys;
}
