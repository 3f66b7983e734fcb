// Domain write-path benchmark: RequestWork throughput, outbox commit-to-Kafka-ack latency, and a
// bare-insert baseline, in one run against the local stack. Not a test: it prints a report.
//
//   npx tsx --conditions=@ameide/source bench/domain-bench.ts [--clients 16] [--seconds 10] [--workers N] [--in-process [--same-thread]]
//
// The service runs as deployed, `ameide serve domain --workers N` (default: one worker per core;
// the primary process relays the outbox). --in-process runs it in this process instead, relay on
// the same event loop (the topology before workers); --same-thread then also puts the RequestWork
// callers on that loop instead of a worker thread.
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import type { OutboxRelay } from "@ameide/eventing";
import { createLogger } from "@ameide/service-kit";
import { createStackController, type StackConfig } from "@ameide/stack";
import { startDomainService } from "@ameide/transformation-domain";
import { createBareTable, runBareInserts } from "./bare-insert-load.js";
import { createBenchDatabase } from "./bench-database.js";
import { type LevelResult, renderReport, summarise } from "./bench-report.js";
import { describeMachine } from "./machine-info.js";
import { type CpuByGroup, type CpuGroup, cpuByGroup, cpuSpent } from "./process-cpu.js";
import { measureOutboxLatency, waitForDrain } from "./outbox-latency.js";
import { type CallerThread, runRequestWorkLoad } from "./request-work-load.js";
import { benchServiceAuth } from "./bench-auth.js";
import { registerBenchRepository, startDomainProcess } from "./domain-process.js";

interface BenchOptions {
  readonly clients: number;
  readonly seconds: number;
  readonly callers: CallerThread;
  /** Worker processes of `serve domain`; 0: the service in this process. */
  readonly workers: number;
  /** Where to write the figures as JSON (for `ameide bench`'s summary). */
  readonly summary?: string;
}

/** What every phase needs: the running service, its database and the interrupt signal. */
interface Bench {
  readonly serviceUrl: string;
  readonly relay: OutboxRelay;
  readonly databaseUrl: string;
  readonly probe: pg.Pool;
  readonly callers: CallerThread;
  readonly signal: AbortSignal;
  readonly cpuGroups: readonly CpuGroup[];
}

const warmUpMs = 1000;
const drainTimeoutMs = 120_000;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const command = ["npx tsx --conditions=@ameide/source bench/domain-bench.ts", ...process.argv.slice(2)].join(" ");
  const startedAt = new Date();
  const interrupt = new AbortController();
  // The first Ctrl-C stops the load and still drops the database; a second one kills at once.
  process.once("SIGINT", () => interrupt.abort());

  const stack = createStackController();
  const { info } = await stack.up();
  const database = await createBenchDatabase(info.databaseUrl, "domain");
  progress(`database ${database.name}`);
  const probe = new pg.Pool({ connectionString: database.url, max: 2 });
  probe.on("error", ignoreIdleClientError);
  let service: { url: string; relay?: OutboxRelay; close(): Promise<void> } | undefined;
  try {
    progress(options.workers === 0 ? "Domain service in this process" : `Domain service: ameide serve domain --workers ${options.workers}`);
    const started =
      options.workers === 0
        ? await startDomainService({
            databaseUrl: database.url,
            kafkaBrokers: info.kafkaBrokers,
            port: 0,
            logger: createLogger({}, { level: "error" }),
            auth: benchServiceAuth,
          })
        : await startDomainProcess({ databaseUrl: database.url, kafkaBrokers: info.kafkaBrokers, workers: options.workers });
    service = started;
    const servicePid = "pid" in started && typeof started.pid === "number" ? started.pid : process.pid;
    if (service.relay === undefined) throw new Error("the Domain service started without its outbox relay; the benchmark needs it");
    await createBareTable(probe);
    const bench: Bench = {
      serviceUrl: service.url,
      relay: service.relay,
      databaseUrl: database.url,
      probe,
      callers: options.callers,
      signal: interrupt.signal,
      cpuGroups: cpuGroupsOf(servicePid),
    };
    await warmUp(bench, options.clients);
    const levels: LevelResult[] = [];
    for (const clients of concurrencyLevels(options.clients)) {
      levels.push(await runLevel(bench, clients, options.seconds * 1000));
      if (interrupt.signal.aborted) throw new Error("interrupted; nothing to report");
    }
    const machine = await describeMachine(probe, describeKafka(stack.config, info.kafkaBrokers));
    console.log(renderReport({ command, startedAt, machine, seconds: options.seconds, callers: options.callers, workers: options.workers, levels }));
    if (options.summary !== undefined) {
      const figures = levels.map((l) => ({ clients: l.clients, requestWork: l.requestWork, bare: l.bare, outbox: l.outbox.latency, cpuPerCall: l.cpuPerCall }));
      await writeFile(options.summary, JSON.stringify({ machine, workers: options.workers, levels: figures }, null, 2));
    }
  } finally {
    await service?.close();
    await probe.end();
    await database.drop();
    progress(`dropped ${database.name}`);
  }
}

/** RequestWork, then the drain and the outbox latencies, then the baseline, at one concurrency. */
async function runLevel(bench: Bench, clients: number, durationMs: number): Promise<LevelResult> {
  const tenantId = `bench-${clients}c-${Date.now()}`;
  progress(`RequestWork: ${clients} clients for ${durationMs / 1000} s`);
  await registerBenchRepository(bench.serviceUrl, tenantId);
  const cpuAtStart = await cpuByGroup(bench.cpuGroups);
  const run = await runRequestWorkLoad({ baseUrl: bench.serviceUrl, clients, durationMs, tenantId }, bench.callers, bench.signal);
  const drained = await waitForDrain(bench.relay, drainTimeoutMs);
  const requestWorkCpu = cpuSpent(cpuAtStart, await cpuByGroup(bench.cpuGroups));
  const outbox = await measureOutboxLatency(bench.probe, tenantId, run.respondedAtMs);
  const snapshotBytes = await meanSnapshotBytes(bench.probe, tenantId);
  progress(`bare inserts: ${clients} clients for ${durationMs / 1000} s, ${snapshotBytes}-byte snapshots`);
  const bareCpuAtStart = await cpuByGroup(bench.cpuGroups);
  const bare = await runBareInserts({ databaseUrl: bench.databaseUrl, clients, durationMs, tenantId, snapshotBytes, signal: bench.signal });
  const bareCpu = cpuSpent(bareCpuAtStart, await cpuByGroup(bench.cpuGroups));
  return {
    clients,
    snapshotBytes,
    requestWork: summarise(run),
    bare: summarise(bare),
    outbox,
    drainPolledMs: drained.atMs - run.lastResponseAtMs,
    lagPollMs: drained.lastPollMs,
    drainBySentAtMs: outbox.lastSentAtMs - run.lastResponseAtMs,
    cpuPerCall:
      requestWorkCpu === undefined || bareCpu === undefined
        ? undefined
        : { requestWork: perCall(requestWorkCpu, run.completed), bare: perCall(bareCpu, bare.completed) },
  };
}

function perCall(spent: CpuByGroup, calls: number): Record<string, number> {
  return Object.fromEntries([...spent].map(([group, ms]) => [group, ms / Math.max(1, calls)]));
}

/** The machine's processes by their part in the benchmark. */
function cpuGroupsOf(servicePid: number): CpuGroup[] {
  const inProcess = servicePid === process.pid;
  return [
    { name: inProcess ? "benchmark process (callers, Domain, relay)" : "callers (benchmark process)", matches: (p) => p.pid === process.pid },
    { name: "Domain workers", matches: (p) => !inProcess && p.ppid === servicePid },
    { name: "Domain primary (relay)", matches: (p) => !inProcess && p.pid === servicePid },
    { name: "PostgreSQL", matches: (p) => /(^|\/)postgres([: ]|$)/.test(p.command) },
    { name: "Kafka", matches: (p) => p.command.includes("java") && p.command.includes("kafka") },
  ];
}

/** Both paths once at full concurrency: JIT, connection pools, the relay's producer, table pages. */
async function warmUp(bench: Bench, clients: number): Promise<void> {
  progress(`warm-up: ${clients} clients for ${warmUpMs / 1000} s each path`);
  const tenantId = `bench-warmup-${Date.now()}`;
  await registerBenchRepository(bench.serviceUrl, tenantId);
  const run = await runRequestWorkLoad({ baseUrl: bench.serviceUrl, clients, durationMs: warmUpMs, tenantId }, bench.callers, bench.signal);
  if (run.completed === 0) throw new Error(`warm-up: every RequestWork failed, first: ${run.firstError ?? "?"}`);
  await waitForDrain(bench.relay, drainTimeoutMs);
  const snapshotBytes = await meanSnapshotBytes(bench.probe, tenantId);
  await runBareInserts({ databaseUrl: bench.databaseUrl, clients, durationMs: warmUpMs, tenantId, snapshotBytes, signal: bench.signal });
}

async function meanSnapshotBytes(db: pg.Pool, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ bytes: number | null }>("select round(avg(octet_length(snapshot)))::int as bytes from work_request where tenant_id = $1", [
    tenantId,
  ]);
  const bytes = rows[0]?.bytes;
  if (bytes === null || bytes === undefined) throw new Error(`no work_request rows for ${tenantId}: every RequestWork of the run failed`);
  return bytes;
}

/** 1 and 4 for the small table, then the requested concurrency. */
function concurrencyLevels(clients: number): number[] {
  return [...new Set([1, 4, clients])].sort((a, b) => a - b);
}

function describeKafka(config: StackConfig, brokers: string): string {
  if (config.kafka.externalBrokers !== undefined) return `external brokers ${brokers} (KAFKA_BROKERS)`;
  return `${config.kafka.version}, one KRaft node at ${brokers}, ${config.topicPartitions} partitions per topic; relay produces with acks=all, idempotent`;
}

function parseOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      clients: { type: "string", default: "16" },
      seconds: { type: "string", default: "10" },
      workers: { type: "string", default: String(availableParallelism()) },
      "in-process": { type: "boolean", default: false },
      "same-thread": { type: "boolean", default: false },
      summary: { type: "string" },
    },
  });
  const workers = values["in-process"] ? 0 : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0) throw new Error(`--workers ${values.workers}: give a positive integer (Domain worker processes)`);
  if (values["same-thread"] && workers !== 0) throw new Error("--same-thread needs --in-process (callers on the service's event loop)");
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(clients) || clients < 1) throw new Error(`--clients ${values.clients}: give a positive integer (concurrent RequestWork callers)`);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--seconds ${values.seconds}: give a positive number (duration of each run)`);
  return { clients, seconds, callers: values["same-thread"] ? "main" : "worker", workers, summary: values.summary };
}

// pg pools emit an idle client's error (e.g. the server ending it) as an 'error' event, which would
// otherwise crash the process; a broken connection is simply replaced on the next checkout.
function ignoreIdleClientError(): void {}

function progress(message: string): void {
  process.stderr.write(`[domain-bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`domain-bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
