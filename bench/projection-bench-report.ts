import type { BoardSizeTiming } from "./board-query-latency.js";
import type { IngestResult } from "./fact-ingest.js";
import type { KafkaFold } from "./kafka-ingest.js";
import type { MachineInfo } from "./machine-info.js";
import { machineTable } from "./machine-info.js";
import type { Percentiles } from "./percentiles.js";
import type { WatchLatency } from "./watch-latency.js";

/** The whole run, as printed. */
export interface ProjectionBenchReport {
  readonly command: string;
  readonly startedAt: Date;
  readonly machine: MachineInfo;
  /** 1-minute load average when the benchmark started and when it ended (the machine may be shared). */
  readonly loadAverage: readonly [number, number];
  readonly ingest: IngestResult;
  /** Undefined when skipped (`--kafka-cards 0`). */
  readonly kafka: KafkaFold | undefined;
  readonly templateBytes: readonly number[];
  readonly boards: readonly BoardSizeTiming[];
  readonly requests: number;
  readonly warmUp: number;
  readonly watch: WatchLatency;
  readonly elapsedMs: number;
}

const ms = (value: number) => (Number.isNaN(value) ? "–" : `${value.toFixed(1)} ms`);
const seconds = (value: number) => (Number.isNaN(value) ? "–" : `${(value / 1000).toFixed(1)} s`);
const count = (value: number) => Math.round(value).toLocaleString("en-US");

/** The report as markdown. */
export function renderProjectionReport(report: ProjectionBenchReport): string {
  const { machine } = report;
  return [
    `## Projection, ${report.startedAt.toISOString()}`,
    "",
    `\`${report.command}\` (${seconds(report.elapsedMs)} in all)`,
    "",
    ...machineTable(machine, [["load average (1 min), start / end", report.loadAverage.map((l) => l.toFixed(2)).join(" / ")]]),
    "",
    ...ingestSection(report.ingest, report.kafka),
    "",
    ...boardSection(report),
    "",
    ...watchSection(report.watch),
  ].join("\n");
}

function ingestSection(ingest: IngestResult, kafka: KafkaFold | undefined): string[] {
  const outcomes = Object.entries(ingest.outcomes)
    .map(([outcome, n]) => `${outcome} ${count(n)}`)
    .join(", ");
  return [
    "### Facts applied per second",
    "",
    "| path | cards | facts | time | facts/s | per call p50 | p99 | max |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    `| \`applyFacts\` (${ingest.batchRecords} records per call), ${ingest.appliers} appliers, one board | ${count(ingest.cards)} | ${count(ingest.facts)} | ${seconds(ingest.elapsedMs)} | **${count(ingest.factsPerSecond)}** | ${ms(ingest.applyLatency.p50)} | ${ms(ingest.applyLatency.p99)} | ${ms(ingest.applyLatency.max)} |`,
    ...(kafka === undefined
      ? []
      : [
          `| Kafka → projection consumers (fresh group) | ${count(kafka.cards)} | ${count(kafka.facts)} | ${seconds(kafka.allFoldedMs - kafka.firstFoldMs)} | **${count(kafka.factsPerSecond)}** | | | |`,
        ]),
    "",
    `\`applyFacts\`: the ${ingest.facts / ingest.cards} facts of \`completedRun\` per card (fixture), every card whole on one applier, each applier playing one partition; outcomes: ${outcomes}; this Node process used ${Math.round(ingest.nodeCpuPercent)} % of one core meanwhile.`,
    ...(kafka === undefined
      ? [
          "Kafka path skipped (the default; `--kafka-cards N` publishes N completed runs): the topics are shared and retained for 7 days, so every consumer group that",
          "later starts from the beginning (projection int/e2e specs, rebuilds, other instances) would fold the benchmark's facts too.",
        ]
      : [
          `Kafka: published in ${seconds(kafka.publishMs)} (${count(kafka.facts / (kafka.publishMs / 1000))} facts/s, acks=all, batches of 1,000); \`startProjectionService\` resolved after ${seconds(kafka.serviceStartMs)};` +
            ` first fact stored ${seconds(kafka.firstFoldMs)}, all ${seconds(kafka.allFoldedMs)} after the start (card_fact rows polled every 50 ms); facts/s over first → all stored.`,
        ]),
  ];
}

function boardSection(report: ProjectionBenchReport): string[] {
  return [
    `### GetKanbanBoard over Connect (HTTP/2, binary), ${report.requests} sequential requests per kind after ${report.warmUp} warm-up`,
    "",
    "The client runs on a worker thread (its own event loop and heap, an 8 MB young generation); the service on this process's main thread.",
    "",
    "| cards on the board | request | p50 | p99 | max | cards shown | response bytes |",
    "|---:|---|---:|---:|---:|---:|---:|",
    ...report.boards.flatMap((b) =>
      b.queries.map(
        (q) =>
          `| ${count(b.cards)} | ${q.name}: ${q.request} | ${ms(q.latency.p50)} | ${ms(q.latency.p99)} | ${ms(q.latency.max)} | ${q.cardsPerResponse} | ${count(q.responseBytes)} |`,
      ),
    ),
    "",
    `Bulk cards (SQL \`generate_series\`, spliced from ${report.templateBytes.length} real card views of ${report.templateBytes.join("/")} bytes, one per open column, round-robin; none archived), then \`vacuum analyze card\`: ${report.boards.map((b) => `${count(b.cards)} cards in ${seconds(b.populateMs)}`).join(", ")}.`,
    "",
    "Plans (EXPLAIN ANALYZE of the statements `boardPage` sends, after the timed requests; node (rows)):",
    "",
    "| cards | statement | plan; execution time |",
    "|---:|---|---|",
    ...report.boards.flatMap((b) => [
      `| ${count(b.cards)} | column counts (every request) | ${b.countPlan} |`,
      ...b.queries.map((q) => `| ${count(b.cards)} | cards, ${q.name} | ${q.plan} |`),
    ]),
  ];
}

function watchSection(watch: WatchLatency): string[] {
  const row = (name: string, p: Percentiles) => `| ${name} | ${ms(p.p50)} | ${ms(p.p99)} | ${ms(p.max)} | ${ms(p.min)} |`;
  return [
    `### Fact committed → WatchKanbanUpdates delivered, ${watch.samples} samples`,
    "",
    "| | p50 | p99 | max | min |",
    "|---|---:|---:|---:|---:|",
    row("`applyFact` resolved → board_seq delivered", watch.afterCommit),
    row("`applyFact` called → board_seq delivered", watch.afterApplyStart),
    row("`applyFact` (one PhaseEntered)", watch.apply),
    "",
    `One stream (HTTP/2) on a board of ${watch.cards} cards; PhaseEntered triage/execution applied one at a time, the next after the previous seq arrived.`,
    `The applier, the service (its LISTEN connection) and the stream's client share this process's event loop, so the commit's reply and the notification race:`,
    `${watch.beforeCommitReturned} of ${watch.samples} seqs arrived before \`applyFact\` had resolved (negative times); the first row bounds what NOTIFY and the stream add after the commit.`,
  ];
}
