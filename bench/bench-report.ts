import { availableParallelism } from "node:os";
import type { LoadRun } from "./closed-loop.js";
import type { MachineInfo } from "./machine-info.js";
import { machineTable } from "./machine-info.js";
import type { OutboxLatency } from "./outbox-latency.js";
import { type Percentiles, percentiles } from "./percentiles.js";

/** A closed-loop run without its per-call arrays. */
export interface LoadSummary {
  readonly clients: number;
  readonly completed: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly perSecond: number;
  readonly latency: Percentiles;
}

/** Everything measured at one concurrency. */
export interface LevelResult {
  readonly clients: number;
  /** Mean WorkRequest snapshot size of the run; the bare rows carry as many bytes. */
  readonly snapshotBytes: number;
  readonly requestWork: LoadSummary;
  readonly bare: LoadSummary;
  readonly outbox: OutboxLatency;
  /** From the last RPC response until `relay.lag()` first showed nothing pending. */
  readonly drainPolledMs: number;
  /** How long the `lag()` call that saw the outbox empty took: the resolution of `drainPolledMs`. */
  readonly lagPollMs: number;
  /** From the last RPC response until the last `sent_at` of the run. */
  readonly drainBySentAtMs: number;
  /** CPU milliseconds each group of the machine's processes spent per call (undefined: no /proc). */
  readonly cpuPerCall?: { readonly requestWork: Record<string, number>; readonly bare: Record<string, number> };
}

/** The whole run, as printed. */
export interface BenchReport {
  readonly command: string;
  readonly startedAt: Date;
  readonly machine: MachineInfo;
  readonly seconds: number;
  readonly callers: "worker" | "main";
  /** Worker processes of `serve domain` (0: the service ran in the benchmark's process). */
  readonly workers: number;
  readonly levels: readonly LevelResult[];
}

/** Drops a run's arrays, keeping rate and latency percentiles. */
export function summarise(run: LoadRun): LoadSummary {
  return {
    clients: run.clients,
    completed: run.completed,
    errors: run.errors,
    firstError: run.firstError,
    perSecond: run.completed / (run.elapsedMs / 1000),
    latency: percentiles(run.latenciesMs),
  };
}

const ms = (value: number) => (Number.isNaN(value) ? "–" : `${value.toFixed(1)} ms`);
const rate = (value: number) => Math.round(value).toLocaleString("en-US");

/** The report as markdown. */
export function renderReport(report: BenchReport): string {
  const { machine } = report;
  return [
    `## Domain write path, ${report.startedAt.toISOString()}`,
    "",
    `\`${report.command}\``,
    "",
    ...machineTable(machine),
    "",
    report.workers === 0
      ? "Service: in the benchmark's process, the outbox relay on its event loop (--in-process)."
      : `Service: \`ameide serve domain --workers ${report.workers}\`: ${report.workers} worker processes answer on one port, the primary process relays the outbox.`,
    "",
    `Closed loop, ${report.seconds} s per run; RequestWork callers on ${report.callers === "worker" ? "a worker thread (one HTTP/2 connection each)" : "the service's event loop (--same-thread; one HTTP/2 connection each)"}; WorkRequest snapshot ${[...new Set(report.levels.map((l) => l.snapshotBytes))].join("/")} bytes (the bare rows carry as many).`,
    "",
    ...throughputTable(report.levels),
    "",
    ...outboxTable(report.levels),
    "",
    ...cpuTable(report.levels, availableParallelism()),
    "",
    "Commit-to-ack latency of the WorkRequested fact rows. *response→ack* = `outbox.sent_at` (Postgres `now()` of the relay's",
    "update, right after the broker acked with acks=all) minus `Date.now()` when the caller saw the RPC response; the commit",
    "precedes the response, so this is a lower bound (negative: the relay marked the row sent before the response reached",
    "the caller). *tx start→ack* = `sent_at - created_at` (Postgres clock only; `created_at` is the writing transaction's",
    "start), an upper bound. Clock source: Postgres `now()` and Node `Date.now()` both read this machine's wall clock (no",
    "cross-host skew); `Date.now()` has 1 ms resolution. Relay rounds = distinct `sent_at` values (one update per round).",
    "Drain = from the last RPC response until `relay.lag()` first reported 0 pending (polled every 10 ms; each call opens",
    "a connection, so its duration, in parentheses, bounds the resolution), and until the run's last `sent_at`.",
    ...errorLines(report.levels),
  ].join("\n");
}

/**
 * Where the machine's CPU went, per call: every process on the machine, from /proc, between the
 * start of a run and the end of its drain (RequestWork) or its last insert (bare). The ceiling is
 * what the machine's cores could do if that were all they did.
 */
function cpuTable(levels: readonly LevelResult[], cores: number): string[] {
  const measured = levels.filter((l) => l.cpuPerCall !== undefined);
  if (measured.length === 0) return ["CPU per call: not measured (no /proc on this system)."];
  const groups = [...new Set(measured.flatMap((l) => Object.keys(l.cpuPerCall?.requestWork ?? {})))];
  const total = (spent: Record<string, number>) => Object.values(spent).reduce((a, b) => a + b, 0);
  const cell = (value: number | undefined) => (value === undefined ? "–" : value.toFixed(2));
  return [
    `CPU per call (ms, all processes on the machine; ${cores} cores):`,
    "",
    `| clients | call | ${groups.join(" | ")} | total | ceiling at this cost |`,
    `|---:|---|${groups.map(() => "---:").join("|")}|---:|---:|`,
    ...measured.flatMap((l) =>
      (["requestWork", "bare"] as const).map((kind) => {
        const spent = l.cpuPerCall?.[kind] ?? {};
        const sum = total(spent);
        return `| ${l.clients} | ${kind === "requestWork" ? "RequestWork" : "bare insert"} | ${groups.map((g) => cell(spent[g])).join(" | ")} | ${cell(sum)} | ${rate((cores * 1000) / sum)}/s |`;
      }),
    ),
  ];
}

function throughputTable(levels: readonly LevelResult[]): string[] {
  return [
    "| clients | RequestWork/s | RPC p50 | RPC p99 | errors | bare inserts/s | insert p50 | insert p99 | RequestWork/s ÷ inserts/s |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...levels.map(
      ({ clients, requestWork: rw, bare }) =>
        `| ${clients} | ${rate(rw.perSecond)} | ${ms(rw.latency.p50)} | ${ms(rw.latency.p99)} | ${rw.errors + bare.errors} | ${rate(bare.perSecond)} | ${ms(bare.latency.p50)} | ${ms(bare.latency.p99)} | ${(rw.perSecond / bare.perSecond).toFixed(2)} |`,
    ),
  ];
}

function outboxTable(levels: readonly LevelResult[]): string[] {
  return [
    "| clients | fact rows | response→ack p50 | p99 | max | min | tx start→ack p50 | p99 | relay rounds | rows/round mean (max) | drain: lag() = 0 (that call) | drain: last sent_at |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...levels.map(
      ({ clients, outbox: o, drainPolledMs, lagPollMs, drainBySentAtMs }) =>
        `| ${clients} | ${rate(o.latency.count)} | ${ms(o.latency.p50)} | ${ms(o.latency.p99)} | ${ms(o.latency.max)} | ${ms(o.latency.min)} | ${ms(o.sinceTransactionStart.p50)} | ${ms(o.sinceTransactionStart.p99)} | ${rate(o.batches)} | ${o.rowsPerBatchMean.toFixed(1)} (${o.rowsPerBatchMax}) | ${ms(drainPolledMs)} (${ms(lagPollMs)}) | ${ms(drainBySentAtMs)} |`,
    ),
  ];
}

function errorLines(levels: readonly LevelResult[]): string[] {
  const lines = levels.flatMap(({ clients, requestWork, bare, outbox }) => [
    ...(requestWork.firstError === undefined ? [] : [`- ${clients} clients: ${requestWork.errors} RequestWork errors, first: ${requestWork.firstError}`]),
    ...(bare.firstError === undefined ? [] : [`- ${clients} clients: ${bare.errors} insert errors, first: ${bare.firstError}`]),
    ...(outbox.unmatched === 0 ? [] : [`- ${clients} clients: ${outbox.unmatched} fact rows of requests that failed on the client (left out of the latency)`]),
  ]);
  return lines.length === 0 ? [] : ["", "Errors:", ...lines];
}
