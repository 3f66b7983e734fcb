// Projection benchmark, in one run on the local stack:
//  1. facts applied per second: a batch of realistic fact records through applyFact into a fresh
//     database (concurrent appliers); with --kafka-cards, also such a batch through Kafka and the
//     service's own consumers (opt-in: those records stay on the shared, retained topics);
//  2. GetKanbanBoard latency over Connect on one board of 10k and 100k cards (bulk-inserted);
//  3. fact committed -> WatchKanbanUpdates delivered latency.
// Not a test: it prints a report.
//
//   npx tsx --conditions=@ameide/source bench/projection-bench.ts [--cards 10000,100000] [--ingest-cards 2000] [--appliers 4]
//                                     [--kafka-cards 0] [--requests 250] [--samples 300]
import { writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import type { BusAdmin } from "@ameide/kafka-bus";
import type { Kysely } from "kysely";
import pg from "pg";
import { KanbanUpdatesService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { createKafka } from "@ameide/eventing";
import { createLogger } from "@ameide/service-kit";
import { createStackController, type StackConfig, type StackInfo } from "@ameide/stack";
import { openProjectionDb, type ProjectionDatabase } from "@ameide/transformation-projection";
import { type ProjectionService, startProjectionService } from "@ameide/transformation-projection";
import { createBenchDatabase } from "./bench-database.js";
import { bulkCardsIn, type CardTemplate, cardTemplates, insertBulkCards, maxBulkCards } from "./board-population.js";
import { type BoardSizeTiming, timeBoardQueries } from "./board-query-latency.js";
import { applyBatches, completedRunBatches, type IngestResult } from "./fact-ingest.js";
import { completedRunRecords, deleteGroup, type KafkaFold, positionGroup, publishRecords, topicEnds, waitForFold } from "./kafka-ingest.js";
import { describeMachine } from "./machine-info.js";
import { cachedMappingSource } from "./mapping-source.js";
import { renderProjectionReport } from "./projection-bench-report.js";
import { timeWatchUpdates, type WatchLatency } from "./watch-latency.js";
import { benchCaller, benchServiceAuth } from "./bench-auth.js";

interface BenchOptions {
  readonly cards: readonly number[];
  readonly ingestCards: number;
  readonly appliers: number;
  /** Records per applyFacts call in the direct ingest (the consumer hands over up to 500). */
  readonly batch: number;
  readonly kafkaCards: number;
  readonly requests: number;
  readonly samples: number;
  /** Where to write the figures as JSON (for `ameide bench`'s summary). */
  readonly summary?: string;
}

/** What the phases after the batch ingest share: the running service on its database. */
interface Serving {
  readonly service: ProjectionService;
  /** The HTTP/2 connection every client of the benchmark shares (aborted before the service closes). */
  readonly session: Http2SessionManager;
  readonly db: Kysely<ProjectionDatabase>;
  readonly probe: pg.Pool;
  readonly signal: AbortSignal;
}

const warmUpRequests = 20;
const warmUpSamples = 20;
const watchedCards = 10;
const boardTenant = "board-bench";
const quiet = createLogger({}, { level: "error" });
// The first Ctrl-C stops the benchmark and still drops its databases; a second one kills at once.
const interrupt = new AbortController();

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const command = ["npx tsx --conditions=@ameide/source bench/projection-bench.ts", ...process.argv.slice(2)].join(" ");
  const startedAt = new Date();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  process.once("SIGINT", () => interrupt.abort());

  const stack = createStackController();
  const { info } = await stack.up();
  // Card ids, tenants and the consumer group of this run: facts on the shared topics must not collide with other runs'.
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const ingest = await measureDirectIngest(info, options, runId, interrupt.signal);
  const rest = await withServingDatabase(info, options, runId, interrupt.signal);
  const probe = new pg.Pool({ connectionString: info.databaseUrl, max: 1 });
  const machine = await describeMachine(probe, describeKafka(stack.config, info.kafkaBrokers)).finally(() => probe.end());
  console.log(
    renderProjectionReport({
      command,
      startedAt,
      machine,
      loadAverage: [loadAtStart, loadavg()[0] ?? Number.NaN],
      ingest,
      ...rest,
      requests: options.requests,
      warmUp: warmUpRequests,
      elapsedMs: Date.now() - startedAt.getTime(),
    }),
  );
  if (options.summary !== undefined) {
    const boards = rest.boards.map((b) => ({ cards: b.cards, queries: b.queries.map((q) => ({ name: q.name, latency: q.latency })) }));
    await writeFile(options.summary, JSON.stringify({ machine, ingest, kafka: rest.kafka, boards, watch: rest.watch }, null, 2));
  }
}

/** Phase 1a: completed runs through applyFact into a database of their own, dropped afterwards. */
async function measureDirectIngest(info: StackInfo, options: BenchOptions, runId: string, signal: AbortSignal): Promise<IngestResult> {
  const database = await createBenchDatabase(info.databaseUrl, "projection_ingest");
  progress(`database ${database.name}`);
  const db = await openProjectionDb(database.url, options.appliers + 1);
  try {
    const batches = completedRunBatches(`ingest-${runId}`, "pbench", options.ingestCards, options.appliers);
    progress(`applyFact: ${options.ingestCards} completed runs (${batches.flat().length} facts), ${options.appliers} appliers`);
    const result = await applyBatches(db, batches, cachedMappingSource(db), signal, options.batch);
    progress(`applyFact: ${Math.round(result.factsPerSecond)} facts/s`);
    return { ...result, cards: options.ingestCards };
  } finally {
    await db.destroy();
    await database.drop();
    progress(`dropped ${database.name}`);
  }
}

/** Phases 1b, 2 and 3 on one projection service with a fresh consumer group and database. */
async function withServingDatabase(info: StackInfo, options: BenchOptions, runId: string, signal: AbortSignal) {
  const database = await createBenchDatabase(info.databaseUrl, "projection_serve");
  progress(`database ${database.name}`);
  const probe = new pg.Pool({ connectionString: database.url, max: 2 });
  probe.on("error", ignoreIdleClientError);
  const admin = await createKafka(info.kafkaBrokers, "projection-bench").admin();
  const groupId = `projection-bench.${runId}`;
  let service: ProjectionService | undefined;
  let db: Kysely<ProjectionDatabase> | undefined;
  let session: Http2SessionManager | undefined;
  try {
    const started = await startWithBacklog(admin, info, database.url, probe, groupId, options.kafkaCards, runId, signal);
    service = started.service;
    db = await openProjectionDb(database.url, 2);
    session = new Http2SessionManager(service.url);
    const serving: Serving = { service, session, db, probe, signal };
    const templates = await cardTemplates(db, "templates", cachedMappingSource(db));
    const boards = await measureBoards(serving, templates, options);
    progress(`watch: ${warmUpSamples} + ${options.samples} samples`);
    const watch = await measureWatch(serving, options.samples);
    return { kafka: started.fold, templateBytes: templates.map((t) => t.viewBytes), boards, watch };
  } finally {
    session?.abort();
    await service?.close();
    await db?.destroy();
    await probe.end();
    await deleteGroup(admin, groupId).catch((error: unknown) => progress(`could not delete the consumer groups ${groupId}.*: ${String(error)}`));
    await admin.close();
    await database.drop();
    progress(`dropped ${database.name}`);
  }
}

/**
 * Phase 1b: publishes `cards` completed runs, points a fresh group at them, starts the service
 * and waits until its consumers stored every fact. With no cards, only starts the service (its
 * group at the topics' ends, so it does not fold what other runs left on them).
 */
async function startWithBacklog(
  admin: BusAdmin,
  info: StackInfo,
  databaseUrl: string,
  probe: pg.Pool,
  groupId: string,
  cards: number,
  runId: string,
  signal: AbortSignal,
): Promise<{ service: ProjectionService; fold: KafkaFold | undefined }> {
  const tenantId = `kafka-${runId}`;
  const records = completedRunRecords(tenantId, `pbench-${runId}`, cards);
  const ends = await topicEnds(admin);
  if (cards > 0) progress(`Kafka: publishing ${cards} completed runs (${records.length} facts)`);
  const publishMs = cards > 0 ? await publishRecords(info.kafkaBrokers, records) : 0;
  await positionGroup(admin, groupId, ends);
  const started = performance.now();
  const service = await startProjectionService({ databaseUrl, kafkaBrokers: info.kafkaBrokers, port: 0, groupId, logger: quiet, auth: benchServiceAuth });
  const serviceStartMs = performance.now() - started;
  if (cards === 0) return { service, fold: undefined };
  try {
    const folded = await waitForFold(probe, tenantId, records.length, started, signal);
    const factsPerSecond = records.length / ((folded.allMs - folded.firstMs) / 1000);
    progress(`Kafka: folded in ${(folded.allMs / 1000).toFixed(1)} s after the start, ${Math.round(factsPerSecond)} facts/s`);
    return {
      service,
      fold: { facts: records.length, cards, publishMs, serviceStartMs, firstFoldMs: folded.firstMs, allFoldedMs: folded.allMs, factsPerSecond },
    };
  } catch (error) {
    await service.close();
    throw error;
  }
}

/** Phase 2: grows one board to each size in turn and times its pages at that size. */
async function measureBoards(serving: Serving, templates: readonly CardTemplate[], options: BenchOptions): Promise<BoardSizeTiming[]> {
  const boards: BoardSizeTiming[] = [];
  let inserted = 0;
  for (const cards of options.cards) {
    progress(`board: inserting cards ${inserted + 1}..${cards}`);
    const started = performance.now();
    await insertBulkCards(serving.probe, boardTenant, "pbench", templates, inserted + 1, cards);
    const populateMs = performance.now() - started;
    inserted = cards;
    progress(`board: ${cards} cards in ${(populateMs / 1000).toFixed(1)} s; ${warmUpRequests} + ${options.requests} requests per kind`);
    const timed = await timeBoardQueries(serving.service.url, serving.probe, {
      tenantId: boardTenant,
      cardPrefix: "pbench",
      cards,
      executionCards: bulkCardsIn(templates, "execution", cards),
      requests: options.requests,
      warmUp: warmUpRequests,
      signal: serving.signal,
    });
    boards.push({ cards, populateMs, ...timed });
  }
  return boards;
}

/** Phase 3: applied-fact-to-stream latency on a small board of its own. */
function measureWatch(serving: Serving, samples: number): Promise<WatchLatency> {
  const client = createClient(
    KanbanUpdatesService,
    createConnectTransport({ baseUrl: serving.service.url, httpVersion: "2", sessionManager: serving.session, interceptors: [benchCaller(["viewer"])] }),
  );
  return timeWatchUpdates(client, serving.db, cachedMappingSource(serving.db), {
    tenantId: "watch-bench",
    cards: watchedCards,
    samples,
    warmUp: warmUpSamples,
    signal: serving.signal,
  });
}

function describeKafka(config: StackConfig, brokers: string): string {
  if (config.kafka.externalBrokers !== undefined) return `external brokers ${brokers} (KAFKA_BROKERS)`;
  return `${config.kafka.version}, one KRaft node at ${brokers}, ${config.topicPartitions} partitions per topic`;
}

function parseOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      cards: { type: "string", default: "10000,100000" },
      "ingest-cards": { type: "string", default: "2000" },
      appliers: { type: "string", default: "4" },
      batch: { type: "string", default: "500" },
      "kafka-cards": { type: "string", default: "0" },
      requests: { type: "string", default: "250" },
      samples: { type: "string", default: "300" },
      summary: { type: "string" },
    },
  });
  const cards = (values.cards ?? "").split(",").map(Number);
  if (cards.some((n) => !Number.isInteger(n) || n < 100 || n > maxBulkCards) || cards.some((n, i) => i > 0 && n <= (cards[i - 1] ?? 0))) {
    throw new Error(`--cards ${values.cards}: give increasing board sizes between 100 and ${maxBulkCards}, comma-separated (e.g. 10000,100000)`);
  }
  const int = (name: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} ${value}: give an integer of at least ${min}`);
    return n;
  };
  return {
    cards,
    ingestCards: int("ingest-cards", values["ingest-cards"], 1),
    appliers: int("appliers", values.appliers, 1),
    batch: int("batch", values.batch, 1),
    kafkaCards: int("kafka-cards", values["kafka-cards"], 0),
    requests: int("requests", values.requests, 1),
    samples: int("samples", values.samples, 1),
    summary: values.summary,
  };
}

// pg pools emit an idle client's error (e.g. the server ending it) as an 'error' event, which would
// otherwise crash the process; a broken connection is simply replaced on the next checkout.
function ignoreIdleClientError(): void {}

function progress(message: string): void {
  process.stderr.write(`[projection-bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

main().catch((error: unknown) => {
  // Whatever was in flight fails on the abort (an applier, a Connect call, a poll): all mean Ctrl-C.
  if (interrupt.signal.aborted) {
    process.stderr.write("projection-bench interrupted; nothing to report\n");
    process.exitCode = 130;
    return;
  }
  process.stderr.write(
    `projection-bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}${error instanceof Error && error.cause !== undefined ? `\ncaused by: ${error.cause instanceof Error ? error.cause.message : JSON.stringify(error.cause)}` : ""}\n`,
  );
  process.exitCode = 1;
});
