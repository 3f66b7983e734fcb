// The whole chain's latency: a Domain commit (RequestWork answered) until a board watcher sees the
// change (a WatchKanbanUpdates board_seq, then GetKanbanDeltas naming the new work item), at a
// sustained open-loop rate. Domain as deployed (`ameide serve domain --workers N`, the relay in its
// primary process), the outbox relay to Kafka, the projection service's batch consumers, its
// LISTEN/NOTIFY watch stream. Not a test: it prints a report (and with --summary, a JSON file).
//
//   npx tsx --conditions=@ameide/source bench/chain-bench.ts [--rate 500] [--seconds 10] [--cards 200] [--workers N] [--summary file.json]
import { writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { create } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { KanbanQueryService, KanbanUpdatesService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { ActionKind, WorkKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import {
  RequestWorkRequestSchema,
  TransformationWorkCommandService,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { createLogger } from "@ameide/service-kit";
import { createStackController } from "@ameide/stack";
import { createKafka } from "@ameide/eventing";
import { applyFacts, openProjectionDb, startProjectionService } from "@ameide/transformation-projection";
import { runFacts } from "@ameide/transformation-projection/test-fixtures";
import { benchCaller, benchServiceAuth } from "./bench-auth.js";
import { createBenchDatabase } from "./bench-database.js";
import { fixtureScope } from "./board-population.js";
import { registerBenchRepository, startDomainProcess } from "./domain-process.js";
import { deleteGroup, positionGroup, topicEnds } from "./kafka-ingest.js";
import { describeMachine, type MachineInfo } from "./machine-info.js";
import { cachedMappingSource } from "./mapping-source.js";
import { type Percentiles, percentiles } from "./percentiles.js";
import pg from "pg";

interface Options {
  readonly rate: number;
  readonly seconds: number;
  readonly cards: number;
  readonly workers: number;
  readonly summary?: string;
}

/** The figures of one run, as the report and the summary give them. */
export interface ChainSummary {
  readonly rate: number;
  readonly achievedRate: number;
  readonly commands: number;
  readonly seen: number;
  readonly errors: number;
  /** RequestWork answered → a watcher's GetKanbanDeltas named the new work item. */
  readonly latency: Percentiles;
  /** RequestWork sent → answered. */
  readonly rpc: Percentiles;
  /** The same path in stages, from the rows' timestamps (see stagesOf). */
  readonly stages: ChainStages;
  readonly workers: number;
  readonly machine: MachineInfo;
}

const clients = 16;

/** Where the chain's time goes, per WorkRequested fact. */
export interface ChainStages {
  /** Answered → the relay's update after the broker acked (outbox.sent_at). */
  readonly answeredToAcked: Percentiles;
  /** Acked → the projection's transaction that applied it began (inbox.applied_at). */
  readonly ackedToApplying: Percentiles;
  /** Applying → the watcher's deltas named the work item (commit, NOTIFY, stream, GetKanbanDeltas). */
  readonly applyingToSeen: Percentiles;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const interrupt = new AbortController();
  process.once("SIGINT", () => interrupt.abort());
  const { info } = await createStackController().up();
  const runId = `chain-${Date.now()}`;
  const domainDb = await createBenchDatabase(info.databaseUrl, "chain_domain");
  const projectionDb = await createBenchDatabase(info.databaseUrl, "chain_projection");
  const probe = new pg.Pool({ connectionString: domainDb.url, max: 1 });
  probe.on("error", () => undefined);
  const closers: Array<() => Promise<unknown>> = [];
  try {
    progress(`Domain: ameide serve domain --workers ${options.workers}`);
    const domain = await startDomainProcess({ databaseUrl: domainDb.url, kafkaBrokers: info.kafkaBrokers, workers: options.workers });
    closers.push(() => domain.close());
    const tenantId = `${runId}-t`;
    await registerBenchRepository(domain.url, tenantId);
    // The projection's groups start at the topics' ends: it folds this run's facts only.
    const groupId = `chain-bench.${runId}`;
    const admin = await createKafka(info.kafkaBrokers, "chain-bench").admin();
    await positionGroup(admin, groupId, await topicEnds(admin));
    closers.push(async () => {
      await deleteGroup(admin, groupId).catch(() => undefined);
      await admin.close();
    });
    const db = await openProjectionDb(projectionDb.url);
    const mappingFor = cachedMappingSource(db);
    const cardIds = Array.from({ length: options.cards }, (_, i) => `${runId}-card-${i}`);
    progress(`${options.cards} cards on one board (RunStarted each)`);
    await applyFacts(
      db,
      cardIds.map((id) => runFacts(tenantId, id).process({ case: "runStarted", value: { title: "Chain run", boardKind: "transformation.run" } })),
      mappingFor,
    );
    await db.destroy();
    const projection = await startProjectionService({
      databaseUrl: projectionDb.url,
      kafkaBrokers: info.kafkaBrokers,
      port: 0,
      logger: createLogger({}, { level: "error" }),
      auth: benchServiceAuth,
      groupId,
    });
    closers.push(() => projection.close());
    const result = await measure(domain.url, projection.url, tenantId, cardIds, options, interrupt.signal);
    const stages = await stagesOf(domainDb.url, projectionDb.url, tenantId, result.answeredAt, result.seenAt);
    const machine = await describeMachine(probe, `Kafka at ${info.kafkaBrokers}`);
    const summary: ChainSummary = {
      commands: result.commands,
      achievedRate: result.achievedRate,
      seen: result.seen,
      errors: result.errors,
      latency: result.latency,
      rpc: result.rpc,
      stages,
      rate: options.rate,
      workers: options.workers,
      machine,
    };
    console.log(render(summary, options));
    if (options.summary !== undefined) await writeFile(options.summary, JSON.stringify(summary, null, 2));
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await probe.end();
    await domainDb.drop();
    await projectionDb.drop();
  }
}

/** The load and the watcher, together; resolves when every command was seen (or timed out). */
async function measure(domainUrl: string, projectionUrl: string, tenantId: string, cardIds: string[], options: Options, signal: AbortSignal) {
  const scope = fixtureScope(tenantId);
  const session = new Http2SessionManager(projectionUrl);
  const transport = createConnectTransport({ baseUrl: projectionUrl, httpVersion: "2", sessionManager: session, interceptors: [benchCaller(["viewer"])] });
  const updates = createClient(KanbanUpdatesService, transport);
  const queries = createClient(KanbanQueryService, transport);
  const answeredAt = new Map<string, number>();
  const seenAt = new Map<string, number>();
  let since = (await queries.getKanbanDeltas({ scope, sinceBoardSeq: 0n, limit: 1 })).boardSeq;
  since = (await queries.getKanbanDeltas({ scope, sinceBoardSeq: since })).boardSeq;
  const watching = new AbortController();
  const watcher = (async () => {
    for await (const update of updates.watchKanbanUpdates(
      { scope, sinceBoardSeq: since },
      { signal: watching.signal, headers: { "x-bench-tenant": tenantId } },
    )) {
      if (update.boardSeq <= since) continue;
      // A watcher's part: fetch what changed since the seq it has.
      for (let more = true; more; ) {
        const deltas = await queries.getKanbanDeltas({ scope, sinceBoardSeq: since, limit: 1000 });
        const at = performance.now();
        for (const card of deltas.upsertedCards) for (const item of card.workItems) if (!seenAt.has(item.workRequestId)) seenAt.set(item.workRequestId, at);
        since = deltas.boardSeq;
        more = deltas.hasMore;
      }
    }
  })().catch((error: unknown) => {
    if (!watching.signal.aborted) throw error;
  });

  const sessions = Array.from({ length: clients }, () => new Http2SessionManager(domainUrl));
  const callers = sessions.map((sessionManager) =>
    createClient(
      TransformationWorkCommandService,
      createConnectTransport({ baseUrl: domainUrl, httpVersion: "2", sessionManager, interceptors: [benchCaller(["process"])] }),
    ),
  );
  const total = Math.round(options.rate * options.seconds);
  const rpc: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const inFlight: Array<Promise<void>> = [];
  progress(`open loop: ${total} RequestWork at ${options.rate}/s over ${clients} connections`);
  const started = performance.now();
  for (let i = 0; i < total && !signal.aborted; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const cardId = cardIds[i % cardIds.length]!;
    const sent = performance.now();
    inFlight.push(
      callers[i % clients]!.requestWork(
        create(RequestWorkRequestSchema, {
          context: { scope: { tenantId, organizationId: "bench-org", repositoryId: "bench-repo" }, correlationId: cardId },
          clientRequestId: `chain/${i}`,
          requestedBy: { processInstanceId: cardId, activityId: `chain-${i}` },
          workKind: WorkKind.TOOL_RUN,
          actionKind: ActionKind.VERIFY,
          inputs: { checkout: { repoUrl: "file:///srv/bench.git", commitSha: "0123abc" }, verificationSuiteRef: "unit" },
        }),
      ).then(
        (response) => {
          const now = performance.now();
          rpc.push(now - sent);
          answeredAt.set(response.workRequest?.workRequestId ?? "", now);
        },
        (error: unknown) => {
          errors++;
          firstError ??= String(error);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const achievedRate = total / ((performance.now() - started) / 1000);
  const deadline = performance.now() + 60_000;
  while ([...answeredAt.keys()].some((id) => !seenAt.has(id)) && performance.now() < deadline && !signal.aborted) await new Promise((r) => setTimeout(r, 50));
  watching.abort();
  await watcher;
  for (const s of sessions) s.abort();
  session.abort();
  const latency = [...answeredAt].flatMap(([id, at]) => {
    const seen = seenAt.get(id);
    return seen === undefined ? [] : [seen - at];
  });
  if (firstError !== undefined) progress(`first error: ${firstError}`);
  return { commands: total, achievedRate, seen: latency.length, errors, latency: percentiles(latency), rpc: percentiles(rpc), answeredAt, seenAt };
}

/**
 * The chain in stages, for each WorkRequested fact: when the relay marked it sent (Postgres now()
 * right after the broker's ack) and when the projection's transaction that applied it began (its
 * inbox row's applied_at), against when the caller saw the answer and the watcher saw the item.
 * Postgres now() and performance.timeOrigin + performance.now() read the same machine clock.
 */
async function stagesOf(
  domainUrl: string,
  projectionUrl: string,
  tenantId: string,
  answeredAt: ReadonlyMap<string, number>,
  seenAt: ReadonlyMap<string, number>,
): Promise<ChainStages> {
  const messageIds = [...answeredAt.keys()].map((id) => `work/${tenantId}/${id}/1`);
  const read = async (url: string, text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ message_id: string; at: number }>(text, [messageIds]);
      return new Map(rows.map((r) => [r.message_id, Number(r.at)]));
    } finally {
      await client.end();
    }
  };
  const [acked, applying] = await Promise.all([
    read(domainUrl, "select message_id, extract(epoch from sent_at) * 1000 as at from outbox where message_id = any($1::text[]) and sent_at is not null"),
    read(projectionUrl, "select message_id, extract(epoch from applied_at) * 1000 as at from inbox where message_id = any($1::text[])"),
  ]);
  const wall = (perf: number) => performance.timeOrigin + perf;
  const answeredToAcked: number[] = [];
  const ackedToApplying: number[] = [];
  const applyingToSeen: number[] = [];
  for (const [id, answered] of answeredAt) {
    const messageId = `work/${tenantId}/${id}/1`;
    const ack = acked.get(messageId);
    const applied = applying.get(messageId);
    const seen = seenAt.get(id);
    if (ack === undefined || applied === undefined || seen === undefined) continue;
    answeredToAcked.push(ack - wall(answered));
    ackedToApplying.push(applied - ack);
    applyingToSeen.push(wall(seen) - applied);
  }
  return { answeredToAcked: percentiles(answeredToAcked), ackedToApplying: percentiles(ackedToApplying), applyingToSeen: percentiles(applyingToSeen) };
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

function render(s: ChainSummary, options: Options): string {
  return [
    `## Chain: Domain commit → board watcher, ${new Date().toISOString()}`,
    "",
    `\`npx tsx --conditions=@ameide/source bench/chain-bench.ts --rate ${options.rate} --seconds ${options.seconds} --cards ${options.cards} --workers ${options.workers}\``,
    "",
    `Open loop: ${s.commands} RequestWork at ${s.rate}/s (achieved ${Math.round(s.achievedRate)}/s) over ${clients} HTTP/2 connections, each for a`,
    `work item of one of ${options.cards} cards on one board; Domain \`serve domain --workers ${s.workers}\`; the projection service in this process`,
    "(batch consumers from the topics' ends); one watcher: WatchKanbanUpdates, and on each board_seq GetKanbanDeltas since the last one.",
    "",
    "| measure | p50 | p99 | max | n |",
    "|---|---:|---:|---:|---:|",
    `| RequestWork answered → the watcher's deltas name the work item | ${ms(s.latency.p50)} | ${ms(s.latency.p99)} | ${ms(s.latency.max)} | ${s.seen} of ${s.commands} |`,
    `| RequestWork RPC | ${ms(s.rpc.p50)} | ${ms(s.rpc.p99)} | ${ms(s.rpc.max)} | ${s.commands - s.errors} |`,
    `| stage: answered → relay's update after the broker's ack (\`outbox.sent_at\`) | ${ms(s.stages.answeredToAcked.p50)} | ${ms(s.stages.answeredToAcked.p99)} | ${ms(s.stages.answeredToAcked.max)} | ${s.stages.answeredToAcked.count} |`,
    `| stage: acked → the projection's applying transaction began (\`inbox.applied_at\`) | ${ms(s.stages.ackedToApplying.p50)} | ${ms(s.stages.ackedToApplying.p99)} | ${ms(s.stages.ackedToApplying.max)} | ${s.stages.ackedToApplying.count} |`,
    `| stage: applying → the watcher's deltas name it (commit, NOTIFY, stream, GetKanbanDeltas) | ${ms(s.stages.applyingToSeen.p50)} | ${ms(s.stages.applyingToSeen.p99)} | ${ms(s.stages.applyingToSeen.max)} | ${s.stages.applyingToSeen.count} |`,
    "",
    "Stages: Postgres \`now()\` of the relay's update and of the applying transaction's start, against this process's clock",
    "(the same machine clock; a stage can be negative when the relay marked a row before the answer reached the caller).",
    "",
    `Errors: ${s.errors}. Clock: \`performance.now()\` of this process for both ends (monotonic, no skew).`,
  ].join("\n");
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      rate: { type: "string", default: "500" },
      seconds: { type: "string", default: "10" },
      cards: { type: "string", default: "200" },
      workers: { type: "string", default: String(availableParallelism()) },
      summary: { type: "string" },
    },
  });
  const positive = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} ${value}: give a positive number`);
    return n;
  };
  return {
    rate: positive("rate", values.rate),
    seconds: positive("seconds", values.seconds),
    cards: Math.round(positive("cards", values.cards)),
    workers: Math.round(positive("workers", values.workers)),
    summary: values.summary,
  };
}

function progress(message: string): void {
  process.stderr.write(`[chain-bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`chain-bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
