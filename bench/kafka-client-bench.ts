// Kafka client benchmark: kafkajs and @platformatic/kafka side by side, both through the
// platform's own bus port (@ameide/kafka-bus; the kafkajs adapter lives here, as the baseline),
// on the same broker in one run. Not a test: it
// prints a report (markdown) to stdout, progress to stderr.
//
//   npx tsx --conditions=@ameide/source bench/kafka-client-bench.ts [--rounds 2] [--messages 20000] [--rows 20000]
//
// Per client and round: an idempotent acks=all producer sending single messages and batches of
// 100 (messages/s, ack latency p50/p99); a consumer reading a filled topic with a fresh group
// (messages/s); and the outbox relay draining a backlog and following paced commits (rows/s,
// commit-to-ack p50/p99). Rounds alternate the clients so a drifting machine affects both alike.
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { createOutboxRelay, outboxMigration } from "@ameide/eventing";
import { type BusMessage, createKafkaBus, type KafkaBus } from "@ameide/kafka-bus";
import { createStackController } from "@ameide/stack";
import { Kysely, PostgresDialect } from "kysely";
import { createBenchDatabase } from "./bench-database.js";
import { createKafkajsBus } from "./kafkajs-bus.js";
import { describeMachine } from "./machine-info.js";
import { type Percentiles, percentiles } from "./percentiles.js";

interface Options {
  readonly rounds: number;
  readonly messages: number;
  readonly rows: number;
}

/** One client's figures in one round. */
interface ClientRound {
  readonly client: KafkaClientName;
  readonly singlePerSecond: number;
  readonly singleAck: Percentiles;
  readonly batchPerSecond: number;
  readonly batchAck: Percentiles;
  readonly consumePerSecond: number;
  readonly consumeFirstMs: number;
  readonly relayRowsPerSecond: number;
  readonly relayCommitToAck: Percentiles;
}

type KafkaClientName = "kafkajs" | "platformatic";
const clients: readonly KafkaClientName[] = ["kafkajs", "platformatic"];
const partitions = 3;
const batchSize = 100;
const singles = 2000;
const pacedRows = 1000;
const pacedIntervalMs = 4;

async function main(): Promise<void> {
  const options = parseOptions();
  const { info } = await createStackController().up();
  const database = await createBenchDatabase(info.databaseUrl, "kafka_clients");
  const probe = new pg.Pool({ connectionString: database.url, max: 4 });
  probe.on("error", () => undefined);
  const runId = Date.now().toString(36);
  const results: ClientRound[] = [];
  try {
    const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: probe }) });
    await outboxMigration.up(kysely);
    for (let round = 1; round <= options.rounds; round++) {
      for (const client of round % 2 === 1 ? clients : [...clients].reverse()) {
        progress(`round ${round}: ${client}`);
        results.push(await measureClient(client, info.kafkaBrokers, probe, database.url, `${runId}.${round}`, options));
      }
    }
    const machine = await describeMachine(probe, `Kafka ${createStackController().config.kafka.version} (KRaft, single node, local stack)`);
    console.log(report(results, options, machine));
  } finally {
    await probe.end();
    await database.drop();
  }
}

async function measureClient(
  client: KafkaClientName,
  brokers: string,
  db: pg.Pool,
  databaseUrl: string,
  runId: string,
  options: Options,
): Promise<ClientRound> {
  const options_ = { brokers, clientId: `kafka-bench-${client}` };
  const bus = client === "kafkajs" ? createKafkajsBus(options_) : createKafkaBus(options_);
  const topic = (phase: string) => `bench.kafka-client.${runId}.${phase}.${client}`;
  const admin = await bus.admin();
  await admin.createTopics(["single", "batch", "relay"].map((phase) => ({ name: topic(phase), partitions })));
  try {
    const single = await produceSingles(bus, topic("single"));
    const batch = await produceBatches(bus, topic("batch"), options.messages);
    const consumed = await consumeAll(bus, topic("batch"), options.messages);
    const relay = await relayEndToEnd(bus, db, databaseUrl, topic("relay"), options.rows);
    return {
      client,
      singlePerSecond: single.perSecond,
      singleAck: single.ack,
      batchPerSecond: batch.perSecond,
      batchAck: batch.ack,
      consumePerSecond: consumed.perSecond,
      consumeFirstMs: consumed.firstMs,
      relayRowsPerSecond: relay.rowsPerSecond,
      relayCommitToAck: relay.commitToAck,
    };
  } finally {
    await admin.deleteTopics(["single", "batch", "relay"].map(topic)).catch(() => undefined);
    await admin.close();
  }
}

/** A fact-sized record: a 300-byte value and CloudEvents headers, keyed by tenant/aggregate. */
function message(i: number): BusMessage {
  return {
    key: `tenant-${i % 7}/work-${i}`,
    value: new Uint8Array(300).fill(i % 251),
    headers: {
      "content-type": "application/x-protobuf",
      ce_id: `work/tenant/${i}/1`,
      ce_type: "ameide_core_proto.transformation.work.v1.TransformationWorkDomainFact",
      ce_source: "bench",
      ce_specversion: "1.0",
      ce_time: new Date(0).toISOString(),
    },
  };
}

async function produceSingles(bus: KafkaBus, topic: string): Promise<{ perSecond: number; ack: Percentiles }> {
  const producer = await bus.producer();
  try {
    await producer.send([{ topic, messages: [message(0)] }]); // connection and metadata
    const acks: number[] = [];
    const started = performance.now();
    for (let i = 0; i < singles; i++) {
      const t0 = performance.now();
      await producer.send([{ topic, messages: [message(i)] }]);
      acks.push(performance.now() - t0);
    }
    return { perSecond: singles / ((performance.now() - started) / 1000), ack: percentiles(acks) };
  } finally {
    await producer.close();
  }
}

async function produceBatches(bus: KafkaBus, topic: string, total: number): Promise<{ perSecond: number; ack: Percentiles }> {
  const producer = await bus.producer();
  try {
    const acks: number[] = [];
    const started = performance.now();
    for (let i = 0; i < total; i += batchSize) {
      const messages = Array.from({ length: Math.min(batchSize, total - i) }, (_, j) => message(i + j));
      const t0 = performance.now();
      await producer.send([{ topic, messages }]);
      acks.push(performance.now() - t0);
    }
    return { perSecond: total / ((performance.now() - started) / 1000), ack: percentiles(acks) };
  } finally {
    await producer.close();
  }
}

/** A fresh group reads the filled topic; the rate counts from the first record to the last. */
async function consumeAll(bus: KafkaBus, topic: string, total: number): Promise<{ perSecond: number; firstMs: number }> {
  let received = 0;
  let first = Number.NaN;
  let last = Number.NaN;
  const started = performance.now();
  const consumer = await bus.consume(
    { topic, groupId: `${topic}.reader`, startAt: "earliest", commit: "periodic", concurrency: partitions, maxWaitMs: 100 },
    () => {
      received++;
      last = performance.now();
      if (Number.isNaN(first)) first = last;
      return Promise.resolve();
    },
  );
  try {
    const deadline = performance.now() + 120_000;
    while (received < total && performance.now() < deadline) await sleep(20);
    if (received < total) throw new Error(`consumer of ${topic} got ${received} of ${total} records in 120 s`);
    return { perSecond: (total - 1) / ((last - first) / 1000), firstMs: first - started };
  } finally {
    await consumer.close();
  }
}

/** The relay drains a backlog of `rows` (rows/s), then follows paced single-row commits (commit-to-ack). */
async function relayEndToEnd(
  bus: KafkaBus,
  db: pg.Pool,
  databaseUrl: string,
  topic: string,
  rows: number,
): Promise<{ rowsPerSecond: number; commitToAck: Percentiles }> {
  await db.query("truncate outbox");
  const m = message(1);
  const insert = `insert into outbox (topic, partition_key, message_id, type_name, payload, headers)
    select $1, 'tenant/' || g, 'bench/' || g, 'bench', $2, $3::jsonb from generate_series($4::int, $5::int) g`;
  for (let i = 0; i < rows; i += batchSize) await db.query(insert, [topic, m.value, JSON.stringify(m.headers), i, Math.min(i + batchSize, rows) - 1]);
  const relay = createOutboxRelay({ databaseUrl, kafka: bus, pollIntervalMs: 200 });
  const started = performance.now();
  relay.start();
  try {
    while ((await relay.lag()).pending > 0) await sleep(10);
    const rowsPerSecond = rows / ((performance.now() - started) / 1000);
    await db.query("truncate outbox");
    for (let i = 0; i < pacedRows; i++) {
      await db.query(insert, [topic, m.value, JSON.stringify(m.headers), rows + i, rows + i]);
      await sleep(pacedIntervalMs);
    }
    while ((await relay.lag()).pending > 0) await sleep(10);
    const { rows: latencies } = await db.query<{ ms: number }>("select (extract(epoch from sent_at - created_at) * 1000)::float8 as ms from outbox");
    return { rowsPerSecond, commitToAck: percentiles(latencies.map((r) => r.ms)) };
  } finally {
    await relay.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function report(results: ClientRound[], options: Options, machine: Awaited<ReturnType<typeof describeMachine>>): string {
  const of = (client: KafkaClientName, pick: (r: ClientRound) => number) => median(results.filter((r) => r.client === client).map(pick));
  const rows: Array<[string, (r: ClientRound) => number, number]> = [
    ["producer, single messages: messages/s", (r) => r.singlePerSecond, 0],
    ["producer, single messages: ack p50 ms", (r) => r.singleAck.p50, 2],
    ["producer, single messages: ack p99 ms", (r) => r.singleAck.p99, 2],
    [`producer, batches of ${batchSize}: messages/s`, (r) => r.batchPerSecond, 0],
    [`producer, batches of ${batchSize}: batch ack p50 ms`, (r) => r.batchAck.p50, 2],
    [`producer, batches of ${batchSize}: batch ack p99 ms`, (r) => r.batchAck.p99, 2],
    ["consumer (fresh group, first to last record): messages/s", (r) => r.consumePerSecond, 0],
    ["consumer: start to first record ms", (r) => r.consumeFirstMs, 0],
    ["outbox relay, backlog drain: rows/s", (r) => r.relayRowsPerSecond, 0],
    ["outbox relay, paced commits: commit-to-ack p50 ms", (r) => r.relayCommitToAck.p50, 1],
    ["outbox relay, paced commits: commit-to-ack p99 ms", (r) => r.relayCommitToAck.p99, 1],
  ];
  const lines = [
    `Medians of ${options.rounds} round(s) per client; ${singles} single sends, ${options.messages} batched messages (${batchSize} a batch) and consumed, a relay backlog of ${options.rows} rows then ${pacedRows} paced rows (one every ~${pacedIntervalMs} ms); ${partitions} partitions; 300-byte values with 6 CloudEvents headers.`,
    "",
    "| measure | kafkajs | @platformatic/kafka | platformatic / kafkajs |",
    "|---|---:|---:|---:|",
    ...rows.map(([name, pick, digits]) => {
      const a = of("kafkajs", pick);
      const b = of("platformatic", pick);
      return `| ${name} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${(b / a).toFixed(2)} |`;
    }),
    "",
    `Machine: ${machine.os}, ${machine.cpus}, ${machine.memory}, Node ${machine.node}; PostgreSQL ${machine.postgres}; ${machine.kafka}.`,
    `Command: \`npx tsx --conditions=@ameide/source bench/kafka-client-bench.ts --rounds ${options.rounds} --messages ${options.messages} --rows ${options.rows}\``,
  ];
  return lines.join("\n");
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: { rounds: { type: "string", default: "2" }, messages: { type: "string", default: "20000" }, rows: { type: "string", default: "20000" } },
  });
  return { rounds: Number(values.rounds), messages: Number(values.messages), rows: Number(values.rows) };
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

await main();
