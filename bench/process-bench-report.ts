import type { OverheadResult } from "./delegation-overhead.js";
import type { MachineInfo } from "./machine-info.js";
import { machineTable } from "./machine-info.js";
import { type Percentiles, percentiles } from "./percentiles.js";
import type { SampleRunTiming } from "./sample-run-timing.js";

/** The whole run, as printed. */
export interface ProcessBenchReport {
  readonly command: string;
  readonly startedAt: Date;
  readonly machine: MachineInfo;
  readonly temporal: string;
  /** `startPlatform`: every service of the platform and its executor pools. */
  readonly platformStartMs: number;
  /** 1-minute load average when the benchmark started and when it ended (the machine may be shared). */
  readonly loadAverage: readonly [number, number];
  readonly sampleRuns: readonly SampleRunTiming[];
  readonly overhead: OverheadResult;
  readonly warmUpItems: number;
}

const phaseOrder = ["triage", "awaiting_approval", "execution", "release", "done"];
const ms = (value: number) => (Number.isNaN(value) ? "–" : `${value.toFixed(1)} ms`);
const seconds = (value: number) => (Number.isNaN(value) ? "–" : `${(value / 1000).toFixed(1)} s`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

/** The report as markdown. */
export function renderProcessReport(report: ProcessBenchReport): string {
  const { machine } = report;
  return [
    `## Process: delegated vs inline execution, ${report.startedAt.toISOString()}`,
    "",
    `\`${report.command}\``,
    "",
    ...machineTable(machine, [
      ["Temporal", report.temporal],
      ["load average (1 min), start / end", report.loadAverage.map((l) => l.toFixed(2)).join(" / ")],
    ]),
    "",
    `The platform (\`startPlatform\` of packages/cli: every service and one executor pool per class) runs in this process; it started in ${seconds(report.platformStartMs)}.`,
    "",
    ...sampleRunSection(report.sampleRuns),
    "",
    ...overheadSection(report.overhead, report.warmUpItems),
  ].join("\n");
}

function sampleRunSection(runs: readonly SampleRunTiming[]): string[] {
  const total = percentiles(runs.map((r) => r.totalMs));
  return [
    `### Sample run, intake -> done (gates auto-approved): p50 ${seconds(total.p50)} over ${runs.length} run(s)`,
    "",
    `| run | outcome | total | ${phaseOrder.map((p) => `→ ${p}`).join(" | ")} | tool runs | declared commands |`,
    `|---:|---|---:|${phaseOrder.map(() => "---:|").join("")}---:|---:|`,
    ...runs.map((r, i) => {
      const at = (phase: string) => seconds(r.phases.find((p) => p.phaseKey === phase)?.atMs ?? Number.NaN);
      return `| ${i + 1} | ${r.outcome} | ${seconds(r.totalMs)} | ${phaseOrder.map(at).join(" | ")} | ${r.toolRuns} | ${ms(r.commandMs)} |`;
    }),
    "",
    "Times from the StartRun call; *→ phase* = when that PhaseEntered fact reached a Kafka consumer of the process facts",
    "topic, total = when RunCompleted did. Each Awaiting fact is answered with DecideGate(APPROVED) as soon as it arrives.",
    "*Declared commands* = the sum of the GENERATE, VERIFY and PUBLISH commands' own `duration_ms`.",
  ];
}

function overheadSection(overhead: OverheadResult, warmUpItems: number): string[] {
  const { delegated, inline } = overhead;
  const d = percentiles(delegated.items.map((i) => i.totalMs));
  const n = percentiles(inline.items.map((i) => i.totalMs));
  const dRate = delegated.items.length / (delegated.elapsedMs / 1000);
  const nRate = inline.items.length / (inline.elapsedMs / 1000);
  const command = (items: ReadonlyArray<{ commandMs: number }>) => ms(percentiles(items.map((i) => i.commandMs)).p50);
  return [
    `### ${delegated.items.length} sequential no-op tool runs: delegated vs inline (after ${warmUpItems} of each to warm up)`,
    "",
    "| path | items/s | per item p50 | p99 | min | max | command p50 |",
    "|---|---:|---:|---:|---:|---:|---:|",
    `| delegated | ${dRate.toFixed(2)} | ${ms(d.p50)} | ${ms(d.p99)} | ${ms(d.min)} | ${ms(d.max)} | ${command(delegated.items)} |`,
    `| inline | ${nRate.toFixed(2)} | ${ms(n.p50)} | ${ms(n.p99)} | ${ms(n.min)} | ${ms(n.max)} | ${command(inline.items)} |`,
    `| delegated ÷ inline | ${(dRate / nRate).toFixed(2)}× | ${ratio(d.p50, n.p50)} | ${ratio(d.p99, n.p99)} | | | |`,
    "",
    "Delegated, per item:",
    "",
    "| part | p50 | p99 | max |",
    "|---|---:|---:|---:|",
    partRow("RequestWork Activity: scheduled → result in the workflow", percentiles(delegated.items.map((i) => i.requestMs))),
    partRow(
      "intent delivery: `requested_at` → `started_at` (relay, queue topic, executor: GetWorkRequest, RecordWorkStarted)",
      percentiles(delegated.items.map((i) => i.deliveryMs)),
    ),
    partRow(
      "execution: `started_at` → `finished_at` (checkout, command, evidence bundle, RecordWorkOutcome)",
      percentiles(delegated.items.map((i) => i.executionMs)),
    ),
    partRow(
      "fact delivery: `finished_at` → workflow activation (relay, facts topic, ingress, SignalWithStart, workflow task)",
      percentiles(delegated.items.map((i) => i.backMs)),
    ),
    "",
    `Inline Activity body (work directory, checkout, command, clean-up): p50 ${ms(percentiles(inline.items.map((i) => i.activityMs)).p50)}.`,
    "Per item = workflow time (the activation's timestamp) from the activation that scheduled the item to the one that saw",
    "its outcome (nearest rank: below 100 items, p99 is the max); items/s = items ÷ the workflow's first-start-to-last-end time. `requested_at`, `started_at`, `finished_at`:",
    "the WorkRequest's times, set by the Domain as it decided each command (the same clock as the workflow's).",
  ];
}

function partRow(label: string, p: Percentiles): string {
  return `| ${label} | ${ms(p.p50)} | ${ms(p.p99)} | ${ms(p.max)} |`;
}
