import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bearerAuth, openLocalIssuer } from "@ameide/auth";
import { executorClasses, isTerminalRunFact, isTerminalWorkFact } from "@ameide/contracts";
import { createKafka } from "@ameide/eventing";
import { CardSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { KanbanQueryService, KanbanUpdatesService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { GateDecision } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import { TransformationProcessCommandService } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import { TransformationRepositoryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";
import { createStackController, loadStackConfig, postgresDataDir } from "@ameide/stack";
import {
  createTestDatabase,
  createTestClient,
  freePort,
  groupAtTopicEnd,
  tapTopic,
  testStack,
  type TestDatabase,
  type TopicTap,
  uniqueName,
} from "@ameide/testkit";
import { applyFact, openProjectionDb, projectedTopics, projectionGroupFor } from "@ameide/transformation-projection";
import type { ComponentConfig } from "./fault/component.js";
import { createSampleRepos, type SampleRepos } from "./fixtures/sample-repos.js";

// The fault-injection tier: runs driven through the platform while its components are killed -9
// and Postgres, Kafka and Temporal are restarted on a seeded schedule; then invariants checked by
// readers independent of the services. FAULT_SEED, FAULT_SECONDS (default 60) and FAULT_RUNS
// (default 5) choose the schedule; docs/fault-injection.md gives the long one's command and figures.

const seed = Number(process.env.FAULT_SEED ?? 20261130);
const faultSeconds = Number(process.env.FAULT_SECONDS ?? 60);
const runCount = Number(process.env.FAULT_RUNS ?? 5);
const components = ["domain", "process", "projection", ...executorClasses.map((c) => `executor:${c}`)];

/** A seeded PRNG (mulberry32), so a failing schedule can be replayed with its seed. */
function random(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let root = "";
let repos: SampleRepos;
let databases: TestDatabase[] = [];
let config: ComponentConfig;
const children = new Map<string, ChildProcess>();
let progress: TopicTap<"transformation.process.facts.v1">;
let work: TopicTap<"transformation.work.domain.facts.v1">;
let knowledge: TopicTap<"transformation.knowledge.domain.facts.v1">;
const tenantId = uniqueName("fault");
const scope = { tenantId, organizationId: "org", repositoryId: "service" };
const faults: Array<{ at: number; kind: string; target: string }> = [];

function spawnComponent(name: string): void {
  const log = createWriteStream(join(root, `${name.replace(":", "-")}.log`), { flags: "a" });
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@ameide/source", join(import.meta.dirname, "fault/component.ts"), name], {
    env: { ...process.env, FAULT_COMPONENT_CONFIG: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  children.set(name, child);
}

async function ready(url: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(250)) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
  }
  throw new Error(`${url} did not come up`);
}

const url = (port: number) => `http://127.0.0.1:${port}`;
const user = async () =>
  (await openLocalIssuer(config.issuerDir)).tokenSource({ subject: "fault-driver", tenant: tenantId, roles: ["viewer", "operator", "approver"] });
const transient = new Set([Code.Unavailable, Code.Internal, Code.Unknown, Code.DeadlineExceeded, Code.Aborted, Code.ResourceExhausted]);

/** Calls until the platform answers (components and engines come and go meanwhile). */
async function retrying<T>(call: () => Promise<T>, budgetMs = 180_000): Promise<T> {
  for (const deadline = Date.now() + budgetMs; ; await sleep(500)) {
    try {
      return await call();
    } catch (error) {
      if (!transient.has(ConnectError.from(error).code) || Date.now() > deadline) throw error;
    }
  }
}

/** The stack as this tier runs it: Postgres durable (fsync, synchronous commit), as in production. */
const durableStack = () => loadStackConfig({ ...process.env, AMEIDE_PG_DURABILITY: "durable" });

/** The other tiers run Postgres in fast mode (no fsync): a crash there may lose acknowledged commits, which is not what this tier is about. */
async function ensureDurablePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: testStack().databaseUrl });
  await client.connect();
  const fsync = (await client.query<{ fsync: string }>("show fsync")).rows[0]?.fsync;
  await client.end();
  if (fsync === "on") return;
  const pidFile = join(postgresDataDir(durableStack().stateDir), "postmaster.pid");
  process.kill(Number(readFileSync(pidFile, "utf8").split("\n")[0]), "SIGINT");
  for (let i = 0; i < 100 && existsSync(pidFile); i++) await sleep(200);
  await createStackController(durableStack()).up();
}

beforeAll(async () => {
  await ensureDurablePostgres();
  root = await mkdtemp(join(tmpdir(), "ameide-fault-"));
  repos = createSampleRepos(root);
  const stack = testStack();
  databases = await Promise.all(["domain", "process", "projection"].map((n) => createTestDatabase(`fault_${n}`)));
  const projectionGroupId = uniqueName("fault-projection");
  const admin = await createKafka(stack.kafkaBrokers, "fault-spec").admin();
  try {
    for (const topic of projectedTopics) await admin.setCommittedOffsets(projectionGroupFor(projectionGroupId, topic), topic, await admin.endOffsets(topic));
  } finally {
    await admin.close();
  }
  const executorGroups: Record<string, string> = {};
  for (const c of executorClasses) executorGroups[c] = await groupAtTopicEnd(`transformation.work.queue.${c}.v1`);
  config = {
    issuerDir: join(root, "issuer"),
    kafkaBrokers: stack.kafkaBrokers,
    temporalAddress: stack.temporalAddress,
    databases: { domain: databases[0]!.url, process: databases[1]!.url, projection: databases[2]!.url },
    ports: { domain: await freePort(), process: await freePort(), projection: await freePort() },
    taskQueue: uniqueName("fault-process"),
    ingressGroupId: await groupAtTopicEnd("transformation.work.domain.facts.v1"),
    projectionGroupId,
    executorGroups,
    executorEnv: {
      EXECUTOR_WORK_ROOT: join(root, "work"),
      EVIDENCE_STORE_URL: `file://${join(root, "evidence")}`,
      GITOPS_REPO_URL: repos.gitops.url,
      CODEX_BIN: repos.codexBin,
      CODEX_HOME: join(root, "codex-home"),
      EXECUTOR_CONCURRENCY: "2",
    },
    attemptTimeoutSeconds: 20,
  };
  execFileSync("mkdir", ["-p", join(root, "codex-home")]);
  execFileSync("sh", ["-c", `echo '{"OPENAI_API_KEY":"fault-test"}' > ${join(root, "codex-home", "auth.json")}`]);
  await openLocalIssuer(config.issuerDir);
  [progress, work, knowledge] = await Promise.all([
    tapTopic("transformation.process.facts.v1"),
    tapTopic("transformation.work.domain.facts.v1"),
    tapTopic("transformation.knowledge.domain.facts.v1"),
  ]);
  for (const name of components) spawnComponent(name);
  await Promise.all([ready(url(config.ports.domain)), ready(url(config.ports.process)), ready(url(config.ports.projection))]);
  const admin2 = (await openLocalIssuer(config.issuerDir)).tokenSource({ subject: "fault-admin", tenant: tenantId, roles: ["admin"] });
  await retrying(() =>
    createClient(
      TransformationRepositoryService,
      createConnectTransport({ baseUrl: url(config.ports.domain), httpVersion: "1.1", interceptors: [bearerAuth(admin2)] }),
    ).registerRepository({
      context: { scope },
      cloneUrl: repos.service.url,
    }),
  );
}, 240_000);

afterAll(async () => {
  for (const child of children.values()) child.kill("SIGKILL");
  await Promise.all([progress?.close(), work?.close(), knowledge?.close()]);
  // The engines must be up for the next tier, whatever the schedule left.
  await createStackController(durableStack()).up();
  await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
}, 120_000);

/** kill -9 of a component, restarted after a moment. */
async function killComponent(name: string, rand: () => number, at: number): Promise<void> {
  faults.push({ at, kind: "kill -9", target: name });
  children.get(name)?.kill("SIGKILL");
  await sleep(300 + rand() * 1200);
  spawnComponent(name);
}

/** Restarts an engine the hard way, then brings the stack up again as an operator would. */
async function restartEngine(engine: "postgres" | "kafka" | "temporal", at: number): Promise<void> {
  const stackConfig = durableStack();
  const pidOf = (file: string) => Number(readFileSync(file, "utf8").split("\n")[0]?.trim());
  const files = {
    postgres: join(postgresDataDir(stackConfig.stateDir), "postmaster.pid"),
    kafka: join(stackConfig.stateDir, "kafka", "kafka.pid"),
    temporal: join(stackConfig.stateDir, "temporal", "temporal.pid"),
  };
  faults.push({ at, kind: engine === "postgres" ? "immediate stop" : "kill -9", target: engine });
  try {
    // Postgres: SIGQUIT is `pg_ctl stop -m immediate` (no checkpoint, crash recovery on start).
    process.kill(pidOf(files[engine]), engine === "postgres" ? "SIGQUIT" : "SIGKILL");
  } catch (error) {
    faults.push({ at, kind: `could not stop: ${(error as Error).message}`, target: engine });
  }
  await sleep(1500);
  await createStackController(stackConfig).up();
}

describe("under faults", () => {
  test(`${runCount} runs while components are killed and engines restart (seed ${seed}, ${faultSeconds} s)`, async () => {
    const rand = random(seed);
    const token = await user();
    const api = createClient(
      TransformationProcessCommandService,
      createConnectTransport({ baseUrl: url(config.ports.process), httpVersion: "1.1", interceptors: [bearerAuth(token)] }),
    );
    const board = { ...scope, initiativeId: "faults" };

    // A live follower, as the console is one: it watches the board, fetches the deltas after its
    // cursor at each announcement, and reconnects with its cursor whenever the stream breaks.
    const followed = new Map<string, string>();
    const archived = new Set<string>();
    let cursor = 0n;
    const watching = new AbortController();
    const watcher = (async () => {
      const transport = createConnectTransport({ baseUrl: url(config.ports.projection), httpVersion: "2", interceptors: [bearerAuth(token)] });
      const updates = createClient(KanbanUpdatesService, transport);
      const reader = createClient(KanbanQueryService, transport);
      let reconnects = 0;
      while (!watching.signal.aborted) {
        try {
          for await (const update of updates.watchKanbanUpdates({ scope: board, sinceBoardSeq: cursor }, { signal: watching.signal })) {
            while (cursor < update.boardSeq) {
              const deltas = await reader.getKanbanDeltas({ scope: board, sinceBoardSeq: cursor });
              for (const card of deltas.upsertedCards) followed.set(card.cardId, card.columnKey);
              // Ended runs are archived: they leave the live board.
              for (const id of deltas.archivedCardIds) {
                followed.delete(id);
                archived.add(id);
              }
              if (deltas.boardSeq <= cursor) break;
              cursor = deltas.boardSeq;
            }
          }
        } catch {
          reconnects++;
          await sleep(300);
        }
      }
      return reconnects;
    })();

    // The driver: start the runs, approve each gate as it opens, through every outage.
    const started = performance.now();
    const runIds: string[] = [];
    const decided = new Set<string>();
    const driver = (async () => {
      for (let i = 0; i < runCount; i++) {
        const key = `${tenantId}/run-${i}`;
        const response = await retrying(() =>
          api.startRun({
            context: { scope, correlationId: key },
            idempotencyKey: key,
            input: {
              scope,
              initiativeId: "faults",
              title: `Fault run ${i}`,
              request: `Change ${i}`,
              checkout: { repoUrl: repos.service.url, commitSha: repos.service.commitSha },
              policy: {
                maxVerifyRounds: 3,
                requireReleaseApproval: false,
                environments: ["staging"],
                verificationSuiteRef: "one-round",
                continueAsNewAfterEvents: 12,
              },
            },
          }),
        );
        runIds.push(response.processInstanceId);
        await sleep(1500);
      }
    })();
    const approver = (async () => {
      for (const deadline = Date.now() + 600_000; Date.now() < deadline; await sleep(500)) {
        for (const record of progress.records) {
          const fact = record.message;
          const id = fact.process?.processInstanceId ?? "";
          if (!runIds.includes(id) || fact.fact.case !== "awaiting" || decided.has(`${id}/${fact.fact.value.ref}`)) continue;
          const gate = fact.fact.value.ref;
          await retrying(() =>
            api.decideGate({ context: { scope }, idempotencyKey: `${id}/${gate}`, processInstanceId: id, gateRef: gate, decision: GateDecision.APPROVED }),
          ).catch(() => undefined);
          decided.add(`${id}/${gate}`);
        }
        if (runIds.length === runCount && runIds.every((id) => terminalOf(id).length > 0)) return;
      }
    })();

    // The schedule: a component killed every few seconds (each once, in a seeded order, then at
    // random); every 15 s the next engine in turn restarted (Postgres, Kafka, Temporal).
    const engines = ["postgres", "kafka", "temporal"] as const;
    const killOrder = [...components].sort(() => rand() - 0.5);
    let nextEngineAt = 15_000;
    for (let t = 0; t < faultSeconds * 1000; t = performance.now() - started) {
      await sleep(1500 + rand() * 2000);
      const at = Math.round(performance.now() - started);
      if (at >= nextEngineAt) {
        await restartEngine(engines[faults.filter((f) => engines.includes(f.target as (typeof engines)[number])).length % engines.length]!, at);
        nextEngineAt += 15_000;
      } else {
        await killComponent(killOrder.shift() ?? components[Math.floor(rand() * components.length)]!, rand, at);
      }
    }
    const faultsEndedAt = performance.now();
    await driver;
    await approver;
    const recoveredAt = performance.now();

    // ---- invariants, read from the topics, Temporal and Git, not from the services ----
    const runs = runIds.map((id) => ({ id, terminal: terminalOf(id) }));
    const stuck = runs.filter((r) => r.terminal.length === 0).map((r) => r.id);
    const doubledRuns = runs.filter((r) => r.terminal.length > 1).map((r) => r.id);
    expect(stuck, "runs without a terminal fact").toEqual([]);
    expect(doubledRuns, "runs with more than one terminal fact").toEqual([]);
    const temporal = await createTestClient();
    try {
      for (const { id } of runs) expect((await temporal.client.workflow.getHandle(id).describe()).status.name).not.toBe("RUNNING");
    } finally {
      await temporal.close();
    }
    expect(
      runs.every((r) => r.terminal[0]?.fact.case === "runCompleted"),
      JSON.stringify(runs.map((r) => r.terminal[0]?.fact.case)),
    ).toBe(true);

    const requester = (f: (typeof work.records)[number]["message"]["fact"]) =>
      (f.case === "workRequested" ? f.value.workRequest?.requestedBy : f.value?.requestedBy)?.processInstanceId ?? "";
    const workIds = [...new Set(work.records.filter((r) => runIds.includes(requester(r.message.fact))).map((r) => r.message.aggregate?.id ?? ""))];
    const terminalWork = (id: string) =>
      new Set(work.records.filter((r) => r.message.aggregate?.id === id && isTerminalWorkFact(r.message)).map((r) => r.message.meta?.messageId));
    expect(
      workIds.filter((id) => terminalWork(id).size !== 1),
      "WorkRequests without exactly one terminal fact",
    ).toEqual([]);

    // No side effect doubled: one promotion commit per deploy work, one pushed branch per completed coding work.
    const promotions = execFileSync("git", ["log", "--format=%b", "main"], { cwd: repos.gitops.bareDir, encoding: "utf8" })
      .split("\n")
      .filter((l) => l.startsWith("work_request_id: "));
    expect(promotions.length).toBeGreaterThanOrEqual(runCount);
    expect(new Set(promotions).size, "a promotion committed twice").toBe(promotions.length);

    // At least one run crossed Continue-As-New while faults were injected.
    expect(progress.records.some((r) => runIds.includes(r.message.process?.processInstanceId ?? "") && (r.message.process?.runEpoch ?? 0n) > 0n)).toBe(true);

    // The board equals a rebuild from the topics (the taps' records, folded into a fresh database),
    // once the live projection has caught up after the last fault.
    const rebuilt = await rebuild();
    expect(rebuilt.length).toBe(runCount);
    await expect.poll(() => cardsOf(databases[2]!.url), { timeout: 120_000, interval: 1000 }).toEqual(rebuilt);
    const caughtUpAt = performance.now();

    // The follower, reconnecting with its cursor, ended at the board's sequence with the board's
    // open cards, and saw every ended run leave it.
    const query = createClient(
      KanbanQueryService,
      createConnectTransport({ baseUrl: url(config.ports.projection), httpVersion: "1.1", interceptors: [bearerAuth(token)] }),
    );
    const final = await retrying(() => query.getKanbanBoard({ scope: board }));
    await expect.poll(() => cursor, { timeout: 60_000 }).toBe(final.readContext?.boardSeq ?? 0n);
    watching.abort();
    const reconnects = await watcher;
    const open = new Map(final.columns.flatMap((c) => c.cards.map((card) => [card.cardId, card.columnKey] as const)));
    expect(Object.fromEntries(followed)).toEqual(Object.fromEntries(open));
    expect([...archived].sort()).toEqual([...runIds].sort());

    const figures = {
      seed,
      faultSeconds,
      runs: runCount,
      faults: faults.length,
      byKind: faults.reduce<Record<string, number>>(
        (n, f) => ({ ...n, [`${f.kind} ${f.target.split(":")[0]}`]: (n[`${f.kind} ${f.target.split(":")[0]}`] ?? 0) + 1 }),
        {},
      ),
      lost: stuck.length,
      doubled: doubledRuns.length,
      workRequests: workIds.length,
      watcherReconnects: reconnects,
      secondsToSettleAfterLastFault: Math.round((recoveredAt - faultsEndedAt) / 100) / 10,
      secondsUntilTheBoardCaughtUp: Math.round((caughtUpAt - faultsEndedAt) / 100) / 10,
      totalSeconds: Math.round((recoveredAt - started) / 100) / 10,
    };
    console.log(`fault-injection figures: ${JSON.stringify(figures)}`);
  }, 900_000);
});

function terminalOf(id: string) {
  const seenIds = new Set<string>();
  return progress.records
    .map((r) => r.message)
    .filter((f) => f.process?.processInstanceId === id && isTerminalRunFact(f))
    .filter((f) => {
      const key = f.meta?.messageId ?? "";
      if (seenIds.has(key)) return false;
      seenIds.add(key);
      return true;
    });
}

/** The tenant's cards as the projection stored them, without board-specific sequence numbers. */
async function cardsOf(databaseUrl: string) {
  const db = await openProjectionDb(databaseUrl);
  try {
    const rows = await db
      .selectFrom("card")
      .select(["card_id", "column_key", "archived", "view"])
      .where("tenant_id", "=", tenantId)
      .orderBy("card_id")
      .execute();
    return rows.map((r) => ({
      cardId: r.card_id,
      column: r.column_key,
      archived: r.archived,
      view: { ...fromBinary(CardSchema, r.view), seq: 0n, updatedBoardSeq: 0n },
    }));
  } finally {
    await db.destroy();
  }
}

/** Folds every tapped fact of the tenant into a fresh projection database. */
async function rebuild() {
  const fresh = await createTestDatabase("fault_rebuild");
  databases.push(fresh);
  const db = await openProjectionDb(fresh.url);
  try {
    const rows = await db.selectFrom("column_mapping").select(["process_definition_id", "phase_key", "column_key"]).execute();
    const mappingFor = (definition: string) =>
      Promise.resolve(new Map(rows.filter((r) => r.process_definition_id === definition).map((r) => [r.phase_key, r.column_key])));
    const records = [
      ...progress.records.map((r) => ({ topic: "transformation.process.facts.v1" as const, r })),
      ...work.records.map((r) => ({ topic: "transformation.work.domain.facts.v1" as const, r })),
      ...knowledge.records.map((r) => ({ topic: "transformation.knowledge.domain.facts.v1" as const, r })),
    ].filter(({ r }) => r.message.meta?.scope?.tenantId === tenantId);
    for (const { topic, r } of records)
      await applyFact(db, { topic, partition: r.partition, offset: r.offset, payload: r.value, message: r.message }, mappingFor);
  } finally {
    await db.destroy();
  }
  return cardsOf(fresh.url);
}
