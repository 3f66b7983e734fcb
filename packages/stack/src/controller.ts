import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadStackConfig, type StackConfig } from "./config.js";
import type { Engine, EngineStatus } from "./engine.js";
import { kafkaEngine } from "./kafka.js";
import { postgresEngine } from "./postgres.js";
import { type Progress, silentProgress } from "./progress.js";
import { temporalEngine } from "./temporal.js";
import { ensureTopics } from "./topics.js";

/** Addresses of a running stack, as clients need them. */
export interface StackInfo {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly temporalAddress: string;
  readonly temporalUiUrl?: string;
}

/** How long each step of `up` took, in milliseconds. */
export type StackTimings = Record<string, number>;

/** The stack of one checkout: its engines plus the file clients read addresses from. */
export interface StackController {
  readonly config: StackConfig;
  up(): Promise<{ info: StackInfo; timings: StackTimings; createdTopics: string[] }>;
  down(): Promise<Array<{ engine: string; stopped: boolean }>>;
  status(): Promise<EngineStatus[]>;
  reset(): Promise<void>;
  logFiles(): Record<string, string>;
  /** Addresses of the last `up`, or undefined when the stack has not been brought up. */
  info(): Promise<StackInfo | undefined>;
}

/** Builds the controller for the configured stack; `progress` hears of every long step of `up`. */
export function createStackController(config: StackConfig = loadStackConfig(), progress: Progress = silentProgress): StackController {
  const postgres = postgresEngine(config, progress);
  const kafka = kafkaEngine(config, progress);
  const temporal = temporalEngine(config, progress);
  const engines: Engine[] = [postgres, kafka, temporal];
  const infoFile = join(config.stateDir, "stack.json");

  async function up() {
    const timings: StackTimings = {};
    await mkdir(config.stateDir, { recursive: true });
    await settleAll(engines.map((e) => timed(timings, `provision.${e.name}`, () => e.provision())));
    await settleAll(engines.map((e) => timed(timings, `start.${e.name}`, () => e.start())));
    const createdTopics = await timed(timings, "topics", () => ensureTopics(kafka.address.split(","), config.topicPartitions));
    const info: StackInfo = {
      databaseUrl: postgres.address,
      kafkaBrokers: kafka.address,
      temporalAddress: temporal.address,
      temporalUiUrl: temporal.external ? undefined : `http://127.0.0.1:${config.temporal.uiPort}`,
    };
    await writeFile(infoFile, JSON.stringify(info, null, 2) + "\n");
    return { info, timings, createdTopics };
  }

  async function down() {
    // Reverse order: clients of Postgres/Kafka inside Temporal-driven work stop first.
    const results = [];
    for (const engine of [...engines].reverse()) {
      results.push({ engine: engine.name, stopped: await engine.stop() });
    }
    await rm(infoFile, { force: true });
    return results;
  }

  async function reset() {
    await down();
    for (const engine of engines) await engine.wipe();
  }

  async function info(): Promise<StackInfo | undefined> {
    if (!existsSync(infoFile)) return undefined;
    return JSON.parse(await readFile(infoFile, "utf8")) as StackInfo;
  }

  return {
    config,
    up,
    down,
    reset,
    info,
    status: () => Promise.all(engines.map((e) => e.status())),
    logFiles: () => Object.fromEntries(engines.map((e) => [e.name, e.logFile])),
  };
}

/** Waits for every step (so none is cut off mid-way), then throws the failures together. */
async function settleAll(steps: Array<Promise<unknown>>): Promise<void> {
  const failures = (await Promise.allSettled(steps)).filter((r) => r.status === "rejected");
  const reasons = failures.map((f) => f.reason as unknown);
  if (reasons.length === 1) throw reasons[0];
  if (reasons.length > 1) {
    throw new AggregateError(reasons, reasons.map((r) => (r instanceof Error ? r.message : String(r))).join("\n"));
  }
}

async function timed<T>(timings: StackTimings, step: string, action: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await action();
  } finally {
    timings[step] = Math.round(performance.now() - started);
  }
}
