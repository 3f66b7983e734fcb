// Every benchmark, one report: runs the Domain, projection and chain benchmarks one after the
// other (each in a process of its own, on the local stack), then prints the figures against the
// goals, the baselines measured in the same run and the previous figures, followed by each
// benchmark's own report. `ameide bench [domain|projection|chain ...]` runs it.
//
//   npx tsx --conditions=@ameide/source bench/all-bench.ts [areas...]
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChainSummary } from "./chain-bench.js";
import type { MachineInfo } from "./machine-info.js";
import type { Percentiles } from "./percentiles.js";

const areas = ["domain", "projection", "chain"] as const;
type Area = (typeof areas)[number];

/** Each area's benchmark and the arguments `ameide bench` gives it. */
const runs: Record<Area, { script: string; args: string[] }> = {
  domain: { script: "domain-bench.ts", args: ["--clients", "16", "--seconds", "10"] },
  // Through Kafka too (--kafka-cards): its facts stay on the retained topics, see docs/benchmarks.md.
  projection: { script: "projection-bench.ts", args: ["--kafka-cards", "1000", "--cards", "10000,100000"] },
  chain: { script: "chain-bench.ts", args: ["--rate", "500", "--seconds", "10"] },
};

interface DomainSummary {
  machine: MachineInfo;
  workers: number;
  levels: Array<{
    clients: number;
    requestWork: { perSecond: number; latency: Percentiles; errors: number };
    bare: { perSecond: number };
    cpuPerCall?: { requestWork: Record<string, number>; bare: Record<string, number> };
  }>;
}
interface ProjectionSummary {
  machine: MachineInfo;
  ingest: { factsPerSecond: number; batchRecords: number; appliers: number };
  kafka?: { factsPerSecond: number; facts: number };
  boards: Array<{ cards: number; queries: Array<{ name: string; latency: Percentiles }> }>;
  watch: { afterCommit: Percentiles };
}
interface Figures {
  source: string;
  domainRequestWorkPerSecond16: number;
  domainRatio16: number;
  domainP99Ms16: number;
  projectionKafkaFactsPerSecond: number | null;
  projectionApplyFactsPerSecond: number;
  boardP99Ms100k: number;
  chainP99Ms: number | null;
}
/** The figures before this work (the issue's) and those of the last recorded run. */
interface Previous {
  issue: Figures;
  lastRun: Figures;
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((a) => !(areas as readonly string[]).includes(a));
  if (unknown.length > 0) throw new Error(`unknown area ${unknown.join(", ")}: give any of ${areas.join(", ")} (none: all)`);
  const chosen = asked.length === 0 ? [...areas] : (asked as Area[]);
  const dir = await mkdtemp(join(tmpdir(), "ameide-bench-"));
  const startedAt = new Date();
  try {
    const reports: string[] = [];
    const summaries: Partial<Record<Area, unknown>> = {};
    for (const area of chosen) {
      const summaryFile = join(dir, `${area}.json`);
      process.stderr.write(`\n[bench] ${area}: ${runs[area].script} ${runs[area].args.join(" ")}\n`);
      reports.push(await runBench(runs[area].script, [...runs[area].args, "--summary", summaryFile]));
      summaries[area] = JSON.parse(await readFile(summaryFile, "utf8")) as unknown;
    }
    const previous = JSON.parse(await readFile(join(import.meta.dirname, "previous-figures.json"), "utf8")) as Previous;
    console.log(render(startedAt, chosen, summaries as { domain?: DomainSummary; projection?: ProjectionSummary; chain?: ChainSummary }, previous, reports));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function runBench(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@ameide/source", join(import.meta.dirname, script), ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${script} exited with ${code}`))));
  });
}

const fixed = (v: number, digits = 0) =>
  Number.isFinite(v) ? v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–";
const ms = (v: number) => `${fixed(v, 1)} ms`;
const met = (ok: boolean) => (ok ? "yes" : "**no**");
/** The previous column: before this work, then the last recorded run. */
const before = (issue: string, last: string) => `${issue} · last run ${last}`;
const orNot = (v: number | null, show: (n: number) => string) => (v === null ? "not measured" : show(v));

function render(
  startedAt: Date,
  chosen: Area[],
  s: { domain?: DomainSummary; projection?: ProjectionSummary; chain?: ChainSummary },
  previous: Previous,
  reports: string[],
): string {
  const machine = s.domain?.machine ?? s.projection?.machine ?? s.chain?.machine;
  const i = previous.issue;
  const l = previous.lastRun;
  const rows: string[] = [];
  const d16 = s.domain?.levels.find((l) => l.clients === 16);
  if (d16 !== undefined) {
    const ratio = d16.requestWork.perSecond / d16.bare.perSecond;
    rows.push(
      `| Domain | RequestWork/s, 16 clients (\`serve domain --workers ${s.domain?.workers}\`) | ${fixed(d16.requestWork.perSecond)} | bare inserts ${fixed(d16.bare.perSecond)}/s | ${fixed(ratio, 2)} | ratio ≥ 0.25 | ${met(ratio >= 0.25)} | ${before(`${fixed(i.domainRequestWorkPerSecond16)} (${fixed(i.domainRatio16, 2)})`, `${fixed(l.domainRequestWorkPerSecond16)} (${fixed(l.domainRatio16, 2)})`)} |`,
      `| Domain | RequestWork p99, 16 clients | ${ms(d16.requestWork.latency.p99)} | | | < 25 ms | ${met(d16.requestWork.latency.p99 < 25)} | ${before(ms(i.domainP99Ms16), ms(l.domainP99Ms16))} |`,
    );
    const cpu = d16.cpuPerCall;
    if (cpu !== undefined) {
      const sum = (spent: Record<string, number>) => Object.values(spent).reduce((a, b) => a + b, 0);
      const parts = Object.entries(cpu.requestWork)
        .filter(([, v]) => v >= 0.005)
        .map(([group, v]) => `${group} ${fixed(v, 2)}`)
        .join(", ");
      rows.push(
        `| Domain | CPU per RequestWork at 16 clients, every process on the machine (${parts}) | ${ms(sum(cpu.requestWork))} | bare insert ${ms(sum(cpu.bare))} | | | | |`,
      );
    }
  }
  if (s.projection !== undefined) {
    const p = s.projection;
    if (p.kafka !== undefined)
      rows.push(
        `| Projection | facts/s through Kafka end to end (${fixed(p.kafka.facts)} facts) | ${fixed(p.kafka.factsPerSecond)} | | | ≥ 5,000 | ${met(p.kafka.factsPerSecond >= 5000)} | ${before(
          `${fixed(i.projectionApplyFactsPerSecond)} (applyFact, no Kafka)`,
          orNot(l.projectionKafkaFactsPerSecond, (n) => fixed(n)),
        )} |`,
      );
    rows.push(
      `| Projection | facts/s, \`applyFacts\` direct (${p.ingest.batchRecords} per call, ${p.ingest.appliers} appliers) | ${fixed(p.ingest.factsPerSecond)} | | | | | ${before(`${fixed(i.projectionApplyFactsPerSecond)} (one per call)`, fixed(l.projectionApplyFactsPerSecond))} |`,
    );
    const big = p.boards.find((b) => b.cards === 100_000) ?? p.boards.at(-1);
    if (big !== undefined) {
      const worst = Math.max(...big.queries.map((q) => q.latency.p99));
      const first = big.queries[0];
      rows.push(
        `| Projection | GetKanbanBoard p99 at ${fixed(big.cards)} cards (worst of ${big.queries.map((q) => q.name).join(", ")}) | ${ms(worst)} | default page p50 ${ms(first?.latency.p50 ?? Number.NaN)} | | ≤ 20 ms | ${met(worst <= 20)} | ${before(ms(i.boardP99Ms100k), ms(l.boardP99Ms100k))} |`,
      );
    }
    rows.push(`| Projection | fact committed → WatchKanbanUpdates p99 | ${ms(p.watch.afterCommit.p99)} | | | | | |`);
  }
  if (s.chain !== undefined) {
    const c = s.chain;
    rows.push(
      `| Chain | Domain commit → board watcher p50 / p99 at ${fixed(c.rate)} commands/s (achieved ${fixed(c.achievedRate)}/s, ${c.seen} of ${c.commands} seen) | ${ms(c.latency.p50)} / ${ms(c.latency.p99)} | | | p99 ≤ 100 ms | ${met(c.latency.p99 <= 100 && c.seen === c.commands)} | ${before(orNot(i.chainP99Ms, ms), orNot(l.chainP99Ms, ms))} |`,
      `| Chain | its stages, p50 / p99: answered → relay acked; acked → projection applying; applying → watcher saw | ${[c.stages.answeredToAcked, c.stages.ackedToApplying, c.stages.applyingToSeen].map((st) => `${ms(st.p50)} / ${ms(st.p99)}`).join("; ")} | | | | | |`,
    );
  }
  return [
    `# ameide bench, ${startedAt.toISOString()}`,
    "",
    `\`ameide bench ${chosen.join(" ")}\``,
    "",
    machine === undefined
      ? ""
      : `Machine: ${machine.os}, ${machine.cpus}, ${machine.memory}, Node ${machine.node}, PostgreSQL ${machine.postgres}, Kafka: ${machine.kafka}.`,
    "",
    "| area | measure | now | baseline (same run) | ratio | goal | met | previous |",
    "|---|---|---:|---:|---:|---|---|---:|",
    ...rows,
    "",
    `Previous: ${i.source}; last run: ${l.source}.`,
    "",
    ...reports.flatMap((r) => [r, ""]),
  ].join("\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
