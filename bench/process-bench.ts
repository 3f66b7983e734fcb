// Process benchmark, in one run on the local stack with the whole platform in-process:
//  1. the end-to-end duration of sample transformation runs (intake -> done, gates auto-approved);
//  2. the cost of delegating a tool run (workflow -> Domain -> Kafka -> executor -> Domain -> Kafka ->
//     ingress -> workflow) against running the same no-op tool run inline in an Activity.
// Not a test: it prints a report.
//
//   npx tsx --conditions=@ameide/source bench/process-bench.ts [--items 20] [--runs 3]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { DefaultLogger, Runtime } from "@temporalio/worker";
import pg from "pg";
import { register } from "tsx/cjs/api";
import { TransformationProcessCommandService } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import { createLogger } from "@ameide/service-kit";
import { createStackController, type StackConfig, type StackInfo } from "@ameide/stack";
import { codexStandIn, createDemoRepos, type DemoRepos, type Platform, startPlatform } from "@ameide/platform";
import { watchRuns } from "@ameide/platform/run-watch";
import { measureDelegationOverhead, type OverheadResult } from "./delegation-overhead.js";
import { describeMachine } from "./machine-info.js";
import { createNoopRepo } from "./noop-repo.js";
import { renderProcessReport } from "./process-bench-report.js";
import { type SampleRunTiming, timeSampleRun } from "./sample-run-timing.js";
import { benchCaller, benchPlatformAuth } from "./bench-auth.js";

interface BenchOptions {
  readonly items: number;
  readonly runs: number;
}

const warmUpItems = 3;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const command = ["npx tsx --conditions=@ameide/source bench/process-bench.ts", ...process.argv.slice(2)].join(" ");
  const startedAt = new Date();
  const loadAtStart = loadavg()[0] ?? Number.NaN;
  const interrupt = new AbortController();
  // The first Ctrl-C stops the benchmark and still closes the platform; a second one kills at once.
  process.once("SIGINT", () => interrupt.abort());
  // Temporal require()s the payload converter module (TS) on the worker's main thread.
  register();
  // Worker lifecycle INFO lines would drown the progress lines; warnings and errors still show.
  // No shutdown signals: Temporal would stop the workers on Ctrl-C and leave the benchmark waiting.
  Runtime.install({ logger: new DefaultLogger("WARN"), shutdownSignals: [] });

  const stack = createStackController();
  const { info } = await stack.up();
  const root = mkdtempSync(join(tmpdir(), "ameide-process-bench-"));
  let platform: Platform | undefined;
  try {
    const repos = createDemoRepos(root);
    progress(`platform: instance "bench", work under ${root}`);
    const platformStarted = performance.now();
    platform = await startPlatform({
      auth: benchPlatformAuth,
      domainPort: 0,
      processPort: 0,
      instance: "bench",
      logger: createLogger({}, { level: "error" }),
      executorEnv: executorEnv(root, repos),
    });
    const platformStartMs = performance.now() - platformStarted;
    const sampleRuns = await runSamples(platform, info, repos, options.runs, interrupt.signal);
    const overhead = await measureOverhead(platform, info, root, options.items, interrupt.signal);
    const probe = new pg.Pool({ connectionString: info.databaseUrl, max: 1 });
    const machine = await describeMachine(probe, describeKafka(stack.config, info.kafkaBrokers)).finally(() => probe.end());
    console.log(
      renderProcessReport({
        command,
        startedAt,
        machine,
        temporal: describeTemporal(stack.config, info.temporalAddress),
        platformStartMs,
        loadAverage: [loadAtStart, loadavg()[0] ?? Number.NaN],
        sampleRuns,
        overhead,
        warmUpItems,
      }),
    );
  } finally {
    await platform?.close();
    rmSync(root, { recursive: true, force: true });
    progress("platform closed, work removed");
  }
}

/** `runs` sample runs, one after the other, timed from StartRun to RunCompleted. */
async function runSamples(platform: Platform, info: StackInfo, repos: DemoRepos, runs: number, signal: AbortSignal): Promise<SampleRunTiming[]> {
  const api = createClient(
    TransformationProcessCommandService,
    createConnectTransport({ baseUrl: platform.processUrl, httpVersion: "1.1", interceptors: [benchCaller(["operator", "approver"])] }),
  );
  const watch = await watchRuns(info.kafkaBrokers, false);
  try {
    const timings: SampleRunTiming[] = [];
    for (let i = 1; i <= runs; i++) {
      progress(`sample run ${i}/${runs}`);
      const timing = await timeSampleRun(
        api,
        watch,
        { repoUrl: repos.serviceUrl, commitSha: repos.serviceCommit },
        `process-bench-${Date.now()}-${process.pid}-${i}`,
        signal,
      );
      if (timing.outcome !== "runCompleted")
        throw new Error(
          `sample run ${timing.processInstanceId} ended with ${timing.outcome}, not runCompleted; see its timeline (npx ameide run watch ${timing.processInstanceId})`,
        );
      progress(`sample run ${i}/${runs}: ${(timing.totalMs / 1000).toFixed(1)} s`);
      timings.push(timing);
    }
    return timings;
  } finally {
    await watch.close();
  }
}

function measureOverhead(platform: Platform, info: StackInfo, root: string, items: number, signal: AbortSignal): Promise<OverheadResult> {
  return measureDelegationOverhead({
    temporalAddress: info.temporalAddress,
    databaseUrl: info.databaseUrl,
    kafkaBrokers: info.kafkaBrokers,
    domainUrl: platform.domainUrl,
    repo: createNoopRepo(root),
    items,
    warmUpItems,
    workRoot: root,
    progress,
    signal,
  });
}

/** The demo's executor environment: the Codex stand-in with placeholder credentials, GitOps, evidence under `root`. */
function executorEnv(root: string, repos: DemoRepos): Record<string, string> {
  const codexHome = join(root, "codex-home");
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(codexHome, "auth.json"), JSON.stringify({ note: "placeholder credentials for the Codex stand-in" }));
  return {
    CODEX_HOME: codexHome,
    CODEX_BIN: codexStandIn,
    GITOPS_REPO_URL: repos.gitopsUrl,
    EVIDENCE_STORE_URL: `file://${join(root, "evidence")}`,
    EXECUTOR_WORK_ROOT: join(root, "executor"),
  };
}

function describeKafka(config: StackConfig, brokers: string): string {
  if (config.kafka.externalBrokers !== undefined) return `external brokers ${brokers} (KAFKA_BROKERS)`;
  return `${config.kafka.version}, one KRaft node at ${brokers}, ${config.topicPartitions} partitions per topic`;
}

function describeTemporal(config: StackConfig, address: string): string {
  if (config.temporal.externalAddress !== undefined) return `external server ${address} (TEMPORAL_ADDRESS)`;
  return `dev server of the Temporal CLI ${config.temporal.cliVersion} (SQLite) at ${address}`;
}

function parseOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({ args, options: { items: { type: "string", default: "20" }, runs: { type: "string", default: "3" } } });
  const items = Number(values.items);
  const runs = Number(values.runs);
  if (!Number.isInteger(items) || items < 1) throw new Error(`--items ${values.items}: give a positive integer (no-op tool runs per path)`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: give a positive integer (sample runs, intake -> done)`);
  return { items, runs };
}

function progress(message: string): void {
  process.stderr.write(`[process-bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof Error && error.message === "interrupted") {
    process.stderr.write("process-bench interrupted; nothing to report\n");
    process.exitCode = 130;
    return;
  }
  process.stderr.write(`process-bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
