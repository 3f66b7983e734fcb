import { create, type DescMethod, type DescService, getOption, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bearerAuth, type TokenClaims } from "@ameide/auth";
import { topicBindings } from "@ameide/contracts";
import { createKafka } from "@ameide/eventing";
import { access } from "@ameide/proto/ameide_core_proto/platform/auth/v1/platform_auth_options_pb";
import { KanbanQueryService, KanbanUpdatesService } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_service_pb";
import { GateDecision } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import {
  TransformationProcessCommandService,
  TransformationProcessQueryService,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import { ActorKind } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import {
  TransformationKnowledgeCommandService,
  TransformationKnowledgeQueryService,
} from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import { ActionKind, WorkKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import {
  TransformationWorkCommandService,
  TransformationWorkQueryService,
  WorkResult,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { testIssuer, testStack, uniqueName } from "@ameide/testkit";
import { processInstanceIdFor, runStateQuery } from "@ameide/transformation-process";
import { type PlatformHarness, startPlatform } from "./fixtures/platform-harness.js";

// Every RPC of every service x {no token, expired token, other tenant, wrong role, right role}:
// the expected code each time, and nothing written by any refusal (rows, Kafka end offsets, runs).

let p: PlatformHarness;
const otherTenant = uniqueName("other");
const everyRole = ["viewer", "operator", "approver", "process", "executor:toolrun.verify", "admin"];
const fixtures: { workId: string; cancelWorkId: string; elementId: string; runId: string } = { workId: "", cancelWorkId: "", elementId: "", runId: "" };

beforeAll(async () => {
  p = await startPlatform("access");
  const scope = { tenantId: p.tenantId, organizationId: "org", repositoryId: "service" };
  const as = (roles: string[]) => [bearer({ tenant: p.tenantId, roles })];
  const work = clientOf(TransformationWorkCommandService, as(["process"]));
  const request = (key: string) =>
    work.requestWork({
      context: { scope },
      clientRequestId: key,
      requestedBy: { processInstanceId: "r2r-matrix", activityId: key },
      workKind: WorkKind.TOOL_RUN,
      actionKind: ActionKind.VERIFY,
      inputs: { checkout: { repoUrl: p.repos.service.url, commitSha: p.repos.service.commitSha }, verificationSuiteRef: "never" },
    });
  fixtures.workId = (await request(uniqueName("matrix-work"))).workRequest?.workRequestId ?? "";
  fixtures.cancelWorkId = (await request(uniqueName("matrix-cancel"))).workRequest?.workRequestId ?? "";
  // Canceled at once, so no executor works on them while refusals are counted.
  for (const workRequestId of [fixtures.workId, fixtures.cancelWorkId]) {
    await work.cancelWork({ context: { scope }, idempotencyKey: uniqueName("cancel"), workRequestId, reason: "matrix fixture" });
  }
  fixtures.elementId = uniqueName("plan");
  await clientOf(TransformationKnowledgeCommandService, as(["process"])).draftElement({
    context: { scope },
    idempotencyKey: uniqueName("draft"),
    elementId: fixtures.elementId,
    title: "Plan",
    content: "v1",
  });
  const started = await clientOf(TransformationProcessCommandService, as(["operator"])).startRun(startRunRequest(uniqueName("matrix-run")));
  fixtures.runId = started.processInstanceId;
  await p.progress.waitFor((r) => r.message.process?.processInstanceId === fixtures.runId && r.message.fact.case === "awaiting", 1, 120_000);
}, 240_000);
afterAll(() => p.close());

/** A client of the service that hosts `service`, calling with `interceptors` (e.g. a bearer token). */
function clientOf<S extends DescService>(service: S, interceptors: Interceptor[], httpVersion: "1.1" | "2" = "1.1") {
  const baseUrl = service.typeName.includes("Kanban") ? p.projection.url : service.typeName.includes("Process") ? (p.process.url ?? "") : p.domainUrl;
  return createClient(service, createConnectTransport({ baseUrl, httpVersion, interceptors }));
}
const bearer = (claims: Partial<TokenClaims> & Pick<TokenClaims, "tenant" | "roles">) =>
  bearerAuth(async () => (await testIssuer()).mint({ subject: "matrix-user", ...claims }));

function startRunRequest(key: string) {
  const scope = { tenantId: p.tenantId, organizationId: "org", repositoryId: "service" };
  return {
    context: { scope, actor: { actorId: "mallory", kind: ActorKind.HUMAN } },
    idempotencyKey: key,
    input: {
      scope,
      initiativeId: "matrix",
      title: "Matrix run",
      request: "Add a change log entry",
      checkout: { repoUrl: p.repos.service.url, commitSha: p.repos.service.commitSha },
      policy: { maxVerifyRounds: 1, requireReleaseApproval: true, environments: ["staging"], verificationSuiteRef: "one-round" },
      startedBy: { actorId: "mallory", kind: ActorKind.HUMAN },
    },
  };
}

/** A valid request of tenant A for each RPC, naming existing ids; `key` makes writes distinct. */
function requestFor(method: DescMethod, key: string): MessageInitShape<DescMethod["input"]> {
  const scope = { tenantId: p.tenantId, organizationId: "org", repositoryId: "service" };
  const context = { scope, actor: { actorId: "mallory", kind: ActorKind.HUMAN } };
  const boardScope = { ...scope, initiativeId: "matrix" };
  const requests: Record<string, object> = {
    RequestWork: {
      context,
      clientRequestId: key,
      requestedBy: { processInstanceId: "r2r-matrix", activityId: key },
      workKind: WorkKind.TOOL_RUN,
      actionKind: ActionKind.VERIFY,
      inputs: { checkout: { repoUrl: p.repos.service.url, commitSha: p.repos.service.commitSha }, verificationSuiteRef: "never" },
    },
    RecordWorkStarted: { context, idempotencyKey: key, workRequestId: fixtures.workId, attempt: 2, executorId: "matrix" },
    RecordWorkOutcome: { context, idempotencyKey: key, workRequestId: fixtures.workId, attempt: 1, result: WorkResult.FAILED, outcome: { summary: "x" } },
    CancelWork: { context, idempotencyKey: key, workRequestId: fixtures.cancelWorkId, reason: "matrix" },
    GetWorkRequest: { scope, workRequestId: fixtures.workId },
    DraftElement: { context, idempotencyKey: key, elementId: fixtures.elementId, title: "Plan", content: key },
    PublishElement: { context, idempotencyKey: key, elementId: fixtures.elementId, version: 1 },
    GetElement: { scope, elementId: fixtures.elementId },
    StartRun: startRunRequest(key),
    DecideGate: { context, idempotencyKey: key, processInstanceId: fixtures.runId, gateRef: "approval-1", decision: GateDecision.REJECTED },
    CancelRun: { context, idempotencyKey: key, processInstanceId: fixtures.runId, reason: "matrix" },
    GetRun: { scope, processInstanceId: fixtures.runId },
    GetKanbanBoard: { scope: boardScope },
    GetKanbanDeltas: { scope: boardScope, sinceBoardSeq: 0n },
    GetRunTimeline: { scope: boardScope, cardId: fixtures.runId },
    WatchKanbanUpdates: { scope: boardScope, sinceBoardSeq: 0n },
    RegisterRepository: { context: { ...context, scope: { ...scope, repositoryId: "matrix-repo" } }, cloneUrl: "file:///srv/matrix.git" },
    ListRepositories: { scope: { tenantId: p.tenantId } },
    RemoveRepository: { context: { ...context, scope: { ...scope, repositoryId: "matrix-repo-gone" } } },
  };
  const request = requests[method.name];
  if (request === undefined) throw new Error(`the matrix has no request for ${method.parent.typeName}/${method.name}: add one`);
  return create(method.input, request as MessageInitShape<DescMethod["input"]>);
}

/** The code a call ends with ("ok" when it succeeds; a stream that stays open is "ok"). */
async function call(method: DescMethod, request: object, interceptors: Interceptor[]): Promise<Code | "ok"> {
  const service = method.parent;
  const client = clientOf(service, interceptors, method.methodKind === "server_streaming" ? "2" : "1.1") as unknown as Record<
    string,
    (req: object, options?: { signal?: AbortSignal }) => unknown
  >;
  try {
    if (method.methodKind === "server_streaming") {
      const abort = new AbortController();
      const stream = client[method.localName]!(request, { signal: abort.signal }) as AsyncIterable<unknown>;
      const first = stream[Symbol.asyncIterator]().next();
      const timeout = new Promise<"open">((resolve) => setTimeout(() => resolve("open"), 1500));
      await Promise.race([first, timeout]);
      abort.abort();
      await first.catch(() => undefined);
      return "ok";
    }
    await client[method.localName]!(request);
    return "ok";
  } catch (error) {
    return ConnectError.from(error).code;
  }
}

const methods = [...typeRegistry].filter((t): t is DescService => t.kind === "service").flatMap((s) => s.methods);
const rightRole = (method: DescMethod) => {
  const role = getOption(method, access).roles[0] ?? "";
  return role === "executor:*" ? "executor:toolrun.verify" : role;
};
const wrongRole = (method: DescMethod) => {
  const allowed = getOption(method, access).roles;
  return everyRole.find((r) => !allowed.includes(r) && !(allowed.includes("executor:*") && r.startsWith("executor:"))) ?? "";
};

/** Rows of every service's tables and the end offset of every topic: what a write would change. */
async function writtenState(): Promise<Record<string, string>> {
  const counts: Record<string, string> = {};
  const tables = {
    domain: ["work_request", "element", "processed_command", "outbox", "repository"],
    process: ["outbox"],
    projection: ["card", "card_fact", "board"],
  } as const;
  for (const [db, names] of Object.entries(tables)) {
    const client = new pg.Client({ connectionString: p.databaseUrls[db as keyof typeof tables] });
    await client.connect();
    try {
      for (const table of names) counts[`${db}.${table}`] = (await client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n ?? "";
    } finally {
      await client.end();
    }
  }
  const admin = await createKafka(testStack().kafkaBrokers, "access-matrix").admin();
  try {
    for (const { name } of topicBindings) {
      for (const { partition, offset } of await admin.endOffsets(name)) counts[`${name}/${partition}`] = offset;
    }
  } finally {
    await admin.close();
  }
  return counts;
}

/** Waits until nothing changes for two seconds (the fixtures' work has settled). */
async function settled(): Promise<Record<string, string>> {
  let before = await writtenState();
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await writtenState();
    if (JSON.stringify(now) === JSON.stringify(before)) return now;
    before = now;
  }
  throw new Error("the platform did not settle within a minute");
}

describe("access matrix", () => {
  test("covers every RPC of every service", () => {
    expect(methods.map((m) => `${m.parent.name}/${m.name}`)).toHaveLength(19);
    for (const method of methods) expect(() => requestFor(method, "k")).not.toThrow();
  });

  test("every refusal: no token, expired, other tenant, wrong role -> unauthenticated / permission_denied, and nothing written", async () => {
    const before = await settled();
    const refusedStarts: string[] = [];
    const results: string[] = [];
    for (const method of methods) {
      const roles = [rightRole(method)];
      const cases: Array<[string, Interceptor[], Code]> = [
        ["no token", [], Code.Unauthenticated],
        ["expired", [bearer({ tenant: p.tenantId, roles, ttlSeconds: -120 })], Code.Unauthenticated],
        ["other tenant", [bearer({ tenant: otherTenant, roles })], Code.PermissionDenied],
        ["wrong role", [bearer({ tenant: p.tenantId, roles: [wrongRole(method)] })], Code.PermissionDenied],
      ];
      for (const [name, interceptors, expected] of cases) {
        const key = uniqueName("refused");
        if (method.name === "StartRun") refusedStarts.push(key);
        const code = await call(method, requestFor(method, key), interceptors);
        results.push(`${method.parent.name}/${method.name} ${name}: ${code === "ok" ? "ok" : Code[code]}`);
        expect.soft(code, `${method.parent.name}/${method.name} with ${name}`).toBe(expected);
      }
    }
    expect(results).toHaveLength(methods.length * 4);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await writtenState()).toEqual(before);
    for (const key of refusedStarts) {
      await expect(p.process.client.workflow.getHandle(processInstanceIdFor(p.tenantId, key)).describe()).rejects.toThrow();
    }
  }, 180_000);

  test("the right role of the right tenant gets through (an answer of the method itself)", async () => {
    for (const method of methods) {
      const code = await call(method, requestFor(method, uniqueName("right")), [bearer({ tenant: p.tenantId, roles: [rightRole(method)] })]);
      // Past authentication and authorization: success, or the method's own answer about the fixture.
      expect.soft([Code.Unauthenticated, Code.PermissionDenied], `${method.parent.name}/${method.name}`).not.toContain(code);
    }
  }, 120_000);

  test("another tenant's ids answer as absent ones do", async () => {
    const scope = { tenantId: otherTenant, organizationId: "org", repositoryId: "service" };
    const theirs = (roles: string[]) => [bearer({ tenant: otherTenant, roles })];
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => "ok" as const,
        (e: unknown) => ConnectError.from(e).code,
      );
    expect(await codeOf(clientOf(TransformationWorkQueryService, theirs(["viewer"])).getWorkRequest({ scope, workRequestId: fixtures.workId }))).toBe(
      Code.NotFound,
    );
    expect(await codeOf(clientOf(TransformationKnowledgeQueryService, theirs(["viewer"])).getElement({ scope, elementId: fixtures.elementId }))).toBe(
      Code.NotFound,
    );
    const decide = clientOf(TransformationProcessCommandService, theirs(["approver"])).decideGate({
      context: { scope },
      idempotencyKey: uniqueName("x"),
      processInstanceId: fixtures.runId,
      gateRef: "approval-1",
      decision: GateDecision.APPROVED,
    });
    expect(await codeOf(decide)).toBe(Code.NotFound);
    const run = clientOf(TransformationProcessQueryService, theirs(["viewer"])).getRun({ scope, processInstanceId: fixtures.runId });
    expect(await codeOf(run)).toBe(Code.NotFound);
    const timeline = clientOf(KanbanQueryService, theirs(["viewer"])).getRunTimeline({ scope: { ...scope, initiativeId: "matrix" }, cardId: fixtures.runId });
    expect(await codeOf(timeline)).toBe(Code.NotFound);
    const board = await clientOf(KanbanQueryService, theirs(["viewer"])).getKanbanBoard({ scope: { ...scope, initiativeId: "matrix" }, includeArchived: true });
    expect(board.columns.flatMap((c) => c.cards)).toEqual([]);
    expect(KanbanUpdatesService.methods).toHaveLength(1);
  });

  test("audit fields carry the token's subject, whatever the payload says", async () => {
    const { workRequest } = await clientOf(TransformationWorkCommandService, [
      bearer({ tenant: p.tenantId, roles: ["process"], subject: "svc-process", kind: "service" }),
    ]).requestWork(requestFor(TransformationWorkCommandService.method.requestWork, uniqueName("audit")));
    expect(workRequest?.actor).toMatchObject({ actorId: "svc-process", kind: ActorKind.SERVICE });
    const run = await clientOf(TransformationProcessCommandService, [bearer({ tenant: p.tenantId, roles: ["operator"], subject: "alice" })]).startRun(
      startRunRequest(uniqueName("audit-run")),
    );
    const state = await p.process.client.workflow.getHandle(run.processInstanceId).query(runStateQuery);
    expect(state.input?.startedBy).toMatchObject({ actorId: "alice", kind: ActorKind.HUMAN });
  });
});
