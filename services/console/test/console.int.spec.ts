import { pathToFileURL } from "node:url";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLogger } from "@ameide/service-kit";
import { createTestDatabase, type TestDatabase, testIssuer, testServiceAuth, testStack, uniqueName } from "@ameide/testkit";
import { applyFact, openProjectionDb, type ProjectionDatabase, type ProjectionService, startProjectionService } from "@ameide/transformation-projection";
import { completedRun, runFacts } from "../../transformation-projection/test/fixtures/facts.js";

// The console's browser modules, run here on Node's fetch and web streams (the same APIs).
interface BoardClient {
  board(scope: object, includeArchived?: boolean): Promise<Record<string, unknown>>;
  timeline(scope: object, cardId: string): Promise<Record<string, unknown>>;
  watch(scope: object, since: string, signal?: AbortSignal): AsyncIterable<{ boardSeq: string }>;
}
const publicDir = join(import.meta.dirname, "../public");
const { createBoardClient } = (await import(pathToFileURL(join(publicDir, "board-client.js")).href)) as {
  createBoardClient: (baseUrl: string, token: () => string) => BoardClient;
};
const { renderBoard, renderTimeline } = (await import(pathToFileURL(join(publicDir, "render.js")).href)) as {
  renderBoard: (b: unknown) => string;
  renderTimeline: (t: unknown) => string;
};

const mapping = new Map(["intake", "triage", "awaiting_approval", "execution", "release", "done", "failed"].map((k) => [k, k]));
let database: TestDatabase;
let db: Kysely<ProjectionDatabase>;
let service: ProjectionService;

beforeAll(async () => {
  database = await createTestDatabase("console");
  db = await openProjectionDb(database.url);
  service = await startProjectionService({
    databaseUrl: database.url,
    kafkaBrokers: testStack().kafkaBrokers,
    port: 0,
    groupId: uniqueName("console"),
    logger: createLogger({}, { level: "error" }),
    auth: await testServiceAuth(),
  });
});
afterAll(async () => {
  await service.close();
  await db.destroy();
  await database.drop();
});

/** The token getter of a viewer of `tenant`, as the console holds it. */
const viewerOf = async (tenant: string) => {
  const token = await (await testIssuer()).mint({ subject: "console-user", tenant, roles: ["viewer"] });
  return () => token;
};

const apply = async (records: Parameters<typeof applyFact>[1][]) => {
  for (const r of records) await applyFact(db, r, () => Promise.resolve(mapping));
};

describe("the web console", () => {
  test("is served by the projection, same origin as the API", async () => {
    const page = await fetch(`${service.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('<script type="module" src="./app.js">');
    for (const file of ["app.js", "board-client.js", "render.js"]) {
      const res = await fetch(`${service.url}/console/${file}`);
      expect(res.headers.get("content-type")).toContain("text/javascript");
    }
    expect((await fetch(`${service.url}/console/../package.json`)).status).toBe(404);
  });

  test("renders the board and a run's timeline from the Connect API", async () => {
    const tenant = uniqueName("console");
    await apply(completedRun(tenant, "r2r-c"));
    const f = runFacts(tenant, "r2r-open");
    await apply([
      f.process({ case: "runStarted", value: { title: "Open run" } }),
      f.process({ case: "phaseEntered", value: { phaseKey: "awaiting_approval" } }),
      f.process({ case: "awaiting", value: { kind: 1, ref: "approval-1" } }),
    ]);
    const client = createBoardClient(service.url, await viewerOf(tenant));
    const html = renderBoard(await client.board(f.scope, true));
    expect(html).toContain('data-column="awaiting_approval"');
    expect(html).toMatch(/class="card state-awaiting" data-card-id="r2r-open"[^>]*><h3>Open run<\/h3><p class="awaiting">awaiting approval:approval-1<\/p>/);
    expect(html).toContain("staging sha256:bb");
    const timeline = renderTimeline(await client.timeline(f.scope, "r2r-c"));
    expect(timeline).toContain("<b>GateDecisionRecorded</b>");
    expect(timeline).toContain("<code>sha256:aa</code>");
  });

  test("without a token, and with another tenant's token, the API refuses and the page can ask to sign in", async () => {
    const tenant = uniqueName("console");
    const f = runFacts(tenant, "r2r-s");
    await apply([f.process({ case: "runStarted", value: { title: "Secret run" } })]);
    const anonymous = createBoardClient(service.url, () => "");
    await expect(anonymous.board(f.scope)).rejects.toMatchObject({ code: "unauthenticated" });
    const stranger = createBoardClient(service.url, await viewerOf(uniqueName("other")));
    await expect(stranger.board(f.scope)).rejects.toMatchObject({ code: "permission_denied" });
    const watching = stranger.watch(f.scope, "0")[Symbol.asyncIterator]().next();
    await expect(watching).rejects.toMatchObject({ code: "permission_denied" });
  });

  test("follows the board live through WatchKanbanUpdates", async () => {
    const tenant = uniqueName("live");
    const f = runFacts(tenant, "r2r-live");
    await apply([f.process({ case: "runStarted", value: { title: "Live" } })]);
    const client = createBoardClient(service.url, await viewerOf(tenant));
    const abort = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      for await (const update of client.watch(f.scope, "1", abort.signal)) {
        seen.push(update.boardSeq);
        if (seen.length === 2) abort.abort();
      }
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    await apply([f.process({ case: "phaseEntered", value: { phaseKey: "triage" } })]);
    await apply([f.process({ case: "phaseEntered", value: { phaseKey: "execution" } })]);
    await following;
    expect(seen).toEqual(["2", "3"]);
  });
});
