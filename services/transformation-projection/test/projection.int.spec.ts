import { fromBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CardSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import { KanbanQueryService, KanbanUpdatesService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { createLogger } from "@ameide/service-kit";
import { bearerAuth } from "@ameide/auth";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { createTestDatabase, perTenantTransport, type TestDatabase, testServiceAuth, testStack, testToken, uniqueName } from "@ameide/testkit";
import {
  applyFact,
  applyFacts,
  type FactRecord,
  openProjectionDb,
  type ProjectionDatabase,
  startProjectionService,
  type ProjectionService,
} from "../src/index.js";
import type { ColumnMapping } from "../src/card-view.js";
import { completedRun, runFacts } from "./fixtures/facts.js";

const mapping: ColumnMapping = new Map(["intake", "triage", "awaiting_approval", "execution", "release", "done", "failed"].map((k) => [k, k]));
const mappingFor = () => Promise.resolve(mapping);
let database: TestDatabase;
let db: Kysely<ProjectionDatabase>;
let service: ProjectionService;
let query: Client<typeof KanbanQueryService>;
let updates: Client<typeof KanbanUpdatesService>;

beforeAll(async () => {
  database = await createTestDatabase("projection");
  db = await openProjectionDb(database.url);
  // The service's own consumers read the shared topics; these tests apply facts directly, under
  // tenants no other spec uses, so both can run side by side.
  service = await startProjectionService({
    databaseUrl: database.url,
    kafkaBrokers: testStack().kafkaBrokers,
    port: 0,
    groupId: uniqueName("projection"),
    logger: createLogger({}, { level: "error" }),
    auth: await testServiceAuth(),
  });
  // Each call is made by a viewer of the tenant it reads.
  const transport = perTenantTransport(service.url, ["viewer"], "2");
  query = createClient(KanbanQueryService, transport);
  updates = createClient(KanbanUpdatesService, transport);
});
afterAll(async () => {
  await service.close();
  await db.destroy();
  await database.drop();
});

const apply = async (records: FactRecord[], target = db) => {
  const outcomes = [];
  for (const r of records) outcomes.push(await applyFact(target, r, mappingFor));
  return outcomes;
};

async function cardsOf(target: Kysely<ProjectionDatabase>, tenantId: string) {
  const rows = await target.selectFrom("card").select(["card_id", "view"]).where("tenant_id", "=", tenantId).orderBy("card_id").execute();
  return rows.map((r) => {
    const card = fromBinary(CardSchema, r.view);
    card.seq = 0n;
    card.updatedBoardSeq = 0n;
    return card;
  });
}

describe("applying facts", () => {
  test("a batch gives the board, the counts and the seqs that one fact at a time gives; repeats change nothing", async () => {
    const tenant = uniqueName("batch");
    const runs = ["r2r-b1", "r2r-b2", "r2r-b3"].map((id) => completedRun(tenant, id));
    // Interleaved as a partition would deliver them, cut before the runs end: three cards in flight.
    const records = runs
      .flatMap((facts, k) => facts.slice(0, 10 + k).map((f, i) => ({ f, i })))
      .sort((a, b) => a.i - b.i)
      .map(({ f }) => f);
    const other = await createTestDatabase("projection_batch");
    const batchDb = await openProjectionDb(other.url);
    try {
      await apply(records);
      const outcomes = await applyFacts(batchDb, records, mappingFor);
      expect(outcomes.filter((o) => o === "changed").length).toBeGreaterThan(0);
      expect(await cardsOf(batchDb, tenant)).toEqual(await cardsOf(db, tenant));
      const counts = (target: Kysely<ProjectionDatabase>) =>
        target
          .selectFrom("board_column_count")
          .innerJoin("board", "board.board_id", "board_column_count.board_id")
          .select(["column_key", "archived", "n"])
          .where("board.tenant_id", "=", tenant)
          .where("n", ">", "0")
          .orderBy(["column_key", "archived"])
          .execute();
      const counted = await counts(batchDb);
      expect(counted).toEqual(await counts(db));
      expect(counted.reduce((n, c) => n + Number(c.n), 0)).toBe(3);
      // Every changed card got a seq of its own: the board's seq is the number of card changes.
      const seqs = await batchDb.selectFrom("card").select("updated_board_seq").where("tenant_id", "=", tenant).execute();
      const board = await batchDb.selectFrom("board").select("board_seq").where("tenant_id", "=", tenant).executeTakeFirstOrThrow();
      expect(new Set(seqs.map((r) => r.updated_board_seq)).size).toBe(3);
      expect(Math.max(...seqs.map((r) => Number(r.updated_board_seq)))).toBe(Number(board.board_seq));
      expect(await applyFacts(batchDb, records, mappingFor)).toEqual(records.map(() => "duplicate"));
      expect((await batchDb.selectFrom("board").select("board_seq").where("tenant_id", "=", tenant).executeTakeFirstOrThrow()).board_seq).toBe(board.board_seq);
    } finally {
      await batchDb.destroy();
      await other.drop();
    }
  });

  test("the same facts in another cross-topic order give the same board", async () => {
    const tenant = uniqueName("order");
    const facts = completedRun(tenant, "r2r-a");
    // Per-topic order kept, topics interleaved differently: all work and knowledge facts first.
    const reordered = [
      ...facts.filter((f) => f.topic !== "transformation.process.facts.v1"),
      ...facts.filter((f) => f.topic === "transformation.process.facts.v1"),
    ];
    const other = await createTestDatabase("projection_order");
    const otherDb = await openProjectionDb(other.url);
    try {
      await apply(facts);
      await apply(reordered, otherDb);
      expect(await cardsOf(otherDb, tenant)).toEqual(await cardsOf(db, tenant));
      const [card] = await cardsOf(db, tenant);
      expect(card).toMatchObject({ columnKey: "done", terminal: true, archived: true, promotedDigests: { staging: "sha256:bb" } });
      expect(card?.workItems.map((w) => [w.actionKind, w.status, w.evidenceBundleId])).toEqual([["VERIFY", "SUCCEEDED", "sha256:aa"]]);
      expect(card?.artifacts).toMatchObject([{ elementId: "r2r-a-plan", version: 1, status: "DRAFT" }]);
    } finally {
      await otherDb.destroy();
      await other.drop();
    }
  });

  test("duplicated facts change nothing and do not advance board_seq", async () => {
    const tenant = uniqueName("dup");
    const facts = completedRun(tenant, "r2r-d");
    await apply(facts);
    const scope = runFacts(tenant, "r2r-d").scope;
    const before = (await query.getKanbanBoard({ scope, includeArchived: true })).readContext?.boardSeq;
    expect(await apply(facts)).toEqual(facts.map(() => "duplicate"));
    expect((await query.getKanbanBoard({ scope, includeArchived: true })).readContext?.boardSeq).toBe(before);
  });
});

describe("KanbanQueryService", () => {
  test("archived cards are excluded by default and included on request; paging is stable; deltas are exact", async () => {
    const tenant = uniqueName("board");
    const scope = runFacts(tenant, "x").scope;
    for (const id of ["r2r-1", "r2r-2", "r2r-3", "r2r-4", "r2r-5"]) {
      const f = runFacts(tenant, id);
      await apply([f.process({ case: "runStarted", value: { title: id } }), f.process({ case: "phaseEntered", value: { phaseKey: "triage" } })]);
    }
    await apply(completedRun(tenant, "r2r-6"));
    const active = await query.getKanbanBoard({ scope });
    expect(active.columns.find((c) => c.columnKey === "triage")?.cardCount).toBe(5n);
    expect(active.columns.find((c) => c.columnKey === "done")?.cardCount).toBe(0n);
    const all = await query.getKanbanBoard({ scope, includeArchived: true });
    expect(all.columns.find((c) => c.columnKey === "done")?.cards.map((c) => c.cardId)).toEqual(["r2r-6"]);

    const pages: string[][] = [];
    let token = "";
    do {
      const page = await query.getKanbanBoard({ scope, pageSize: 2, pageToken: token, columnKey: "triage" });
      pages.push(page.columns.flatMap((c) => c.cards.map((card) => card.cardId)));
      token = page.nextPageToken;
    } while (token !== "");
    expect(pages).toEqual([["r2r-1", "r2r-2"], ["r2r-3", "r2r-4"], ["r2r-5"]]);

    const seq = active.readContext?.boardSeq ?? 0n;
    const f3 = runFacts(tenant, "r2r-3");
    await apply([f3.process({ case: "phaseEntered", value: { phaseKey: "awaiting_approval" } }, 1n)]);
    const deltas = await query.getKanbanDeltas({ scope, sinceBoardSeq: seq });
    expect(deltas.upsertedCards.map((c) => [c.cardId, c.columnKey])).toEqual([["r2r-3", "awaiting_approval"]]);
    expect(deltas.boardSeq).toBe(seq + 1n);
    expect((await query.getKanbanDeltas({ scope, sinceBoardSeq: deltas.boardSeq })).upsertedCards).toEqual([]);
    expect((await query.getKanbanDeltas({ scope, sinceBoardSeq: 0n })).archivedCardIds).toEqual(["r2r-6"]);
  });

  test("every protocol and codec gets the same cards on pages and deltas (binary responses carry the stored encodings)", async () => {
    // Message ids of these fixtures are per card id, not per tenant: ids no other test uses.
    const tenant = uniqueName("codecs");
    const scope = runFacts(tenant, "x").scope;
    for (const id of ["r2r-c1", "r2r-c2"]) {
      const f = runFacts(tenant, id);
      await apply([f.process({ case: "runStarted", value: { title: id } }), f.process({ case: "phaseEntered", value: { phaseKey: "triage" } })]);
    }
    await apply(completedRun(tenant, "r2r-c3"));
    const auth = [bearerAuth(testToken({ tenant, roles: ["viewer"] }))];
    const transports = {
      "connect binary": createConnectTransport({ baseUrl: service.url, httpVersion: "2", interceptors: auth }),
      "connect json": createConnectTransport({ baseUrl: service.url, httpVersion: "1.1", useBinaryFormat: false, interceptors: auth }),
      "connect GET binary": createConnectTransport({ baseUrl: service.url, httpVersion: "1.1", useHttpGet: true, interceptors: auth }),
      "connect GET json": createConnectTransport({ baseUrl: service.url, httpVersion: "1.1", useHttpGet: true, useBinaryFormat: false, interceptors: auth }),
      grpc: createGrpcTransport({ baseUrl: service.url, interceptors: auth }),
      "grpc-web json": createGrpcWebTransport({ baseUrl: service.url, httpVersion: "1.1", useBinaryFormat: false, interceptors: auth }),
    };
    const stored = await cardsOf(db, tenant);
    expect(stored.map((c) => c.cardId)).toEqual(["r2r-c1", "r2r-c2", "r2r-c3"]);
    for (const [name, transport] of Object.entries(transports)) {
      const board = await createClient(KanbanQueryService, transport).getKanbanBoard({ scope, includeArchived: true });
      const cards = board.columns.flatMap((column) => column.cards.map((card) => ({ column: column.columnKey, card })));
      expect(
        cards.map((c) => [c.column, c.card.cardId]),
        name,
      ).toEqual([
        ["triage", "r2r-c1"],
        ["triage", "r2r-c2"],
        ["done", "r2r-c3"],
      ]);
      expect(
        cards.map((c) => ({ ...c.card, seq: 0n, updatedBoardSeq: 0n })),
        name,
      ).toEqual(stored);
      const deltas = await createClient(KanbanQueryService, transport).getKanbanDeltas({ scope, sinceBoardSeq: 0n });
      expect(
        deltas.upsertedCards.map((card) => ({ ...card, seq: 0n, updatedBoardSeq: 0n })),
        name,
      ).toEqual(stored.filter((card) => !card.archived));
      expect(deltas.archivedCardIds, name).toEqual(["r2r-c3"]);
      expect(deltas.boardSeq, name).toBe(board.readContext?.boardSeq);
    }
  });

  test("the run timeline cites its facts in process order, work joined before its record", async () => {
    const tenant = uniqueName("timeline");
    await apply(completedRun(tenant, "r2r-t"));
    const { entries, card } = await query.getRunTimeline({ scope: runFacts(tenant, "r2r-t").scope, cardId: "r2r-t" });
    expect(card?.columnKey).toBe("done");
    expect(entries.map((e) => e.factType)).toEqual([
      "RunStarted",
      "PhaseEntered",
      "ElementDrafted",
      "PhaseEntered",
      "Awaiting",
      "GateDecisionRecorded",
      "PhaseEntered",
      "WorkRequested",
      "WorkStarted",
      "WorkCompleted",
      "ToolRunRecorded",
      "PhaseEntered",
      "PhaseEntered",
      "RunCompleted",
    ]);
    expect(entries.every((e) => e.messageId !== "")).toBe(true);
    expect(entries.find((e) => e.factType === "ToolRunRecorded")?.evidenceRefs).toContain("sha256:aa");
  });

  test("a scope of another tenant sees nothing", async () => {
    const tenant = uniqueName("iso");
    await apply(completedRun(tenant, "r2r-i"));
    const scope = { ...runFacts(tenant, "r2r-i").scope, tenantId: uniqueName("intruder") };
    const board = await query.getKanbanBoard({ scope, includeArchived: true });
    expect(board.columns.flatMap((c) => c.cards)).toEqual([]);
    const error = await query.getRunTimeline({ scope, cardId: "r2r-i" }).catch((e: unknown) => ConnectError.from(e));
    expect((error as ConnectError).code).toBe(Code.NotFound);
  });
});

describe("KanbanUpdatesService", () => {
  test("a watcher sees every board_seq change in order, and a reconnect with its cursor misses nothing", async () => {
    const tenant = uniqueName("watch");
    const f = runFacts(tenant, "r2r-w");
    const scope = f.scope;
    await apply([f.process({ case: "runStarted", value: { title: "w" } })]);
    const abort = new AbortController();
    const seen: bigint[] = [];
    const stream = updates.watchKanbanUpdates({ scope, sinceBoardSeq: 0n }, { signal: abort.signal });
    const reading = (async () => {
      for await (const update of stream) {
        seen.push(update.boardSeq);
        if (seen.length === 4) abort.abort();
      }
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    for (const phase of ["triage", "awaiting_approval", "execution"]) await apply([f.process({ case: "phaseEntered", value: { phaseKey: phase } })]);
    await reading;
    expect(seen).toEqual([1n, 2n, 3n, 4n]);

    // Disconnected at 4; two more changes happen; reconnecting with the cursor reports them.
    for (const phase of ["release", "done"]) await apply([f.process({ case: "phaseEntered", value: { phaseKey: phase } })]);
    const again = new AbortController();
    for await (const update of updates.watchKanbanUpdates({ scope, sinceBoardSeq: 4n }, { signal: again.signal })) {
      expect(update.boardSeq).toBe(6n);
      again.abort();
      break;
    }
    const deltas = await query.getKanbanDeltas({ scope, sinceBoardSeq: 4n });
    expect(deltas.upsertedCards.map((c) => c.columnKey)).toEqual(["done"]);
  });
});
