import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ActionKind, WorkKind, WorkStatus } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import {
  RequestWorkRequestSchema,
  TransformationWorkCommandService,
  TransformationWorkQueryService,
  WorkResult,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { TransformationKnowledgeCommandService } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import { TransformationRepositoryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";
import { ElementStatus } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_element_pb";
import { createLogger } from "@ameide/service-kit";
import { executorClasses } from "@ameide/contracts";
import { executorRole } from "@ameide/auth";
import {
  authedTransport,
  createTestDatabase,
  tapTopic,
  testServiceAuth,
  testStack,
  type TestDatabase,
  type TopicTap,
  uniqueName,
  withClient,
} from "@ameide/testkit";
import { type DomainService, startDomainService } from "../src/index.js";

const tenantId = uniqueName("tenant");
const context = { scope: { tenantId, organizationId: "org-1", repositoryId: "repo-1" }, correlationId: "run-42" };
let db: TestDatabase;
let service: DomainService;
let work: Client<typeof TransformationWorkCommandService>;
let query: Client<typeof TransformationWorkQueryService>;
let knowledge: Client<typeof TransformationKnowledgeCommandService>;
let repositories: Client<typeof TransformationRepositoryService>;
let facts: TopicTap<"transformation.work.domain.facts.v1">;
let verifyQueue: TopicTap<"transformation.work.queue.toolrun.verify.v1">;

beforeAll(async () => {
  db = await createTestDatabase("domain");
  [facts, verifyQueue] = await Promise.all([tapTopic("transformation.work.domain.facts.v1"), tapTopic("transformation.work.queue.toolrun.verify.v1")]);
  service = await startDomainService({
    databaseUrl: db.url,
    kafkaBrokers: testStack().kafkaBrokers,
    port: 0,
    logger: createLogger({}, { level: "error" }),
    auth: await testServiceAuth(),
  });
  // One caller holding the Process's and every executor class's role, confined to the test tenant.
  const transport = authedTransport(service.url, { tenant: tenantId, roles: ["process", "admin", ...executorClasses.map(executorRole)] });
  work = createClient(TransformationWorkCommandService, transport);
  query = createClient(TransformationWorkQueryService, transport);
  knowledge = createClient(TransformationKnowledgeCommandService, transport);
  repositories = createClient(TransformationRepositoryService, transport);
  await repositories.registerRepository({ context: { scope: context.scope }, cloneUrl: "file:///srv/repo.git" });
});
afterAll(async () => {
  await Promise.all([facts.close(), verifyQueue.close()]);
  await service.close();
  await db.drop();
});

const verifyRequest = (clientRequestId: string) =>
  create(RequestWorkRequestSchema, {
    context,
    clientRequestId,
    requestedBy: { processInstanceId: "run-42", activityId: clientRequestId },
    workKind: WorkKind.TOOL_RUN,
    actionKind: ActionKind.VERIFY,
    inputs: { checkout: { repoUrl: "file:///srv/repo.git", commitSha: "0123abc" }, verificationSuiteRef: "unit" },
  });
const factsOf = (id: string) => (r: { message: { aggregate?: { id: string } } }) => r.message.aggregate?.id === id;
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => Code.Unknown + 100,
    (e: unknown) => ConnectError.from(e).code,
  );

describe("RequestWork", () => {
  test("emits exactly one WorkRequested fact and one WorkExecutionRequested on the class's queue", async () => {
    const { workRequest, deduplicated } = await work.requestWork(verifyRequest(uniqueName("k")));
    const id = workRequest?.workRequestId ?? "";
    expect(deduplicated).toBe(false);
    expect(workRequest).toMatchObject({ status: WorkStatus.REQUESTED, version: 1n, correlationId: "run-42" });

    const [fact] = await facts.waitFor(factsOf(id));
    expect(fact?.message.fact.case).toBe("workRequested");
    expect(fact?.message.aggregate).toMatchObject({ type: "WorkRequest", version: 1n });
    expect(fact?.message.meta).toMatchObject({ correlationId: "run-42", producer: "transformation-domain" });
    expect(fact?.key).toBe(`${tenantId}/${id}`);
    expect(fact?.headers.ce_id).toBe(fact?.message.meta?.messageId);
    // CloudEvents: the variant as type, the value's message as dataschema, names not numbers.
    expect(fact?.headers).toMatchObject({
      ce_specversion: "1.0",
      ce_type: "ameide_core_proto.transformation.work.v1.WorkRequested",
      ce_dataschema: "urn:ameide:proto:ameide_core_proto.transformation.work.v1.TransformationWorkDomainFact",
      ce_source: "transformation-domain",
      ce_tenantid: tenantId,
      "content-type": "application/x-protobuf",
    });

    const [intent] = await verifyQueue.waitFor((r) => r.message.workRequest?.workRequestId === id);
    expect(intent?.headers.ce_type).toBe("ameide_core_proto.transformation.work.v1.WorkExecutionRequested");
    expect(intent?.message.attempt).toBe(1);
    expect(intent?.message.meta?.correlationId).toBe("run-42");
    expect(intent?.message.meta?.causationId).toBe(fact?.message.meta?.messageId);
    await new Promise((r) => setTimeout(r, 500));
    expect(facts.records.filter(factsOf(id))).toHaveLength(1);
    expect(verifyQueue.records.filter((r) => r.message.workRequest?.workRequestId === id)).toHaveLength(1);
  });

  test("a repeat returns the same WorkRequest and emits nothing; parallel duplicates create one", async () => {
    const key = uniqueName("dup");
    const results = await Promise.all(Array.from({ length: 8 }, () => work.requestWork(verifyRequest(key))));
    const ids = new Set(results.map((r) => r.workRequest?.workRequestId));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
    const again = await work.requestWork(verifyRequest(key));
    expect(again.deduplicated).toBe(true);
    const id = [...ids][0] ?? "";
    await facts.waitFor(factsOf(id));
    await new Promise((r) => setTimeout(r, 500));
    expect(facts.records.filter(factsOf(id))).toHaveLength(1);
  });

  test("concurrent requests share statements, and each is answered as if it were alone", async () => {
    const keys = Array.from({ length: 30 }, () => uniqueName("burst"));
    const repeated = uniqueName("burst-dup");
    const clashing = keys[0] ?? "";
    const unregistered = verifyRequest(uniqueName("burst-unreg"));
    unregistered.context!.scope!.repositoryId = "not-registered";
    const calls = [
      ...keys.map((key) => work.requestWork(verifyRequest(key))),
      ...Array.from({ length: 5 }, () => work.requestWork(verifyRequest(repeated))),
      work.requestWork({ ...verifyRequest(clashing), actionKind: ActionKind.GENERATE }),
      work.requestWork(unregistered),
    ];
    const outcomes = await Promise.allSettled(calls);
    const codes = outcomes.map((o) => (o.status === "fulfilled" ? "ok" : Code[ConnectError.from(o.reason).code]));
    // The key used twice with different payloads: whichever came first created it, the other clashed.
    const clash = [codes[0], codes[35]].sort();
    expect(clash).toEqual(["AlreadyExists", "ok"]);
    expect(codes.slice(1, 35).every((c) => c === "ok")).toBe(true);
    expect(codes[36]).toBe("FailedPrecondition");
    const answered = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const created = answered.filter((r) => !r.deduplicated).map((r) => r.workRequest?.workRequestId ?? "");
    expect(new Set(created).size).toBe(31);
    expect(created).toHaveLength(31);
    // The five calls with one key got one WorkRequest (the clash may have won its key, so the
    // answers are picked by position, not as the last fulfilled ones).
    const repeats = outcomes.slice(30, 35).map((o) => (o.status === "fulfilled" ? o.value.workRequest?.workRequestId : undefined));
    expect(repeats.every((id) => id !== undefined && id === repeats[0])).toBe(true);

    // One fact and one intent per created WorkRequest, none for the rest.
    await facts.waitFor((r) => created.includes(r.message.aggregate?.id ?? ""), 31);
    await new Promise((r) => setTimeout(r, 500));
    expect(facts.records.filter((r) => created.includes(r.message.aggregate?.id ?? ""))).toHaveLength(31);
    expect(verifyQueue.records.filter((r) => created.includes(r.message.workRequest?.workRequestId ?? ""))).toHaveLength(31);
    // Shared statements are shared transactions: fewer transactions than WorkRequests wrote the facts.
    const { rows } = await withClient(db.url, (client) =>
      client.query<{ transactions: string }>("select count(distinct tx_id) as transactions from outbox where message_id = any($1::text[])", [
        created.map((id) => `work/${tenantId}/${id}/1`),
      ]),
    );
    expect(Number(rows[0]?.transactions)).toBeLessThan(31);
  });

  test("the same key with a different payload is AlreadyExists, naming the key", async () => {
    const key = uniqueName("clash");
    await work.requestWork(verifyRequest(key));
    const error = await work.requestWork({ ...verifyRequest(key), actionKind: ActionKind.GENERATE }).catch((e: unknown) => ConnectError.from(e));
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.AlreadyExists);
    expect((error as ConnectError).message).toContain(key);
  });

  test("bad input is InvalidArgument naming the field, and nothing is stored", async () => {
    const error = await work.requestWork({ ...verifyRequest(""), workKind: WorkKind.UNSPECIFIED }).catch((e: unknown) => ConnectError.from(e));
    expect((error as ConnectError).code).toBe(Code.InvalidArgument);
    expect((error as ConnectError).message).toContain("client_request_id");
    expect((error as ConnectError).message).toContain("work_kind");
  });
});

describe("the WorkRequest lifecycle", () => {
  test("started and completed facts carry versions 2 and 3; repeats emit nothing; contradictions are refused", async () => {
    const { workRequest } = await work.requestWork(verifyRequest(uniqueName("life")));
    const id = workRequest?.workRequestId ?? "";
    const started = { context: { scope: context.scope }, idempotencyKey: `${id}/start/1`, workRequestId: id, attempt: 1, executorId: "exec-1" };
    await work.recordWorkStarted(started);
    expect((await work.recordWorkStarted(started)).deduplicated).toBe(true);
    const outcome = {
      context: { scope: context.scope },
      idempotencyKey: `${id}/outcome/1`,
      workRequestId: id,
      attempt: 1,
      result: WorkResult.SUCCEEDED,
      outcome: { summary: "green", exitCode: 0, evidenceBundleId: "sha256:ev", outputs: { commit_sha: "0123abc" } },
    };
    const done = await work.recordWorkOutcome(outcome);
    expect(done.workRequest).toMatchObject({ status: WorkStatus.SUCCEEDED, version: 3n });
    expect((await work.recordWorkOutcome(outcome)).deduplicated).toBe(true);
    expect(await codeOf(work.recordWorkOutcome({ ...outcome, idempotencyKey: `${id}/outcome/x`, result: WorkResult.FAILED }))).toBe(Code.FailedPrecondition);

    const lifecycle = await facts.waitFor(factsOf(id), 3);
    expect(lifecycle.map((r) => [r.message.fact.case, r.message.aggregate?.version])).toEqual([
      ["workRequested", 1n],
      ["workStarted", 2n],
      ["workCompleted", 3n],
    ]);
    // The executor did not pass a correlation id; the one of the request flows on.
    expect(lifecycle[2]?.message.meta?.correlationId).toBe("run-42");
    await new Promise((r) => setTimeout(r, 500));
    expect(facts.records.filter(factsOf(id))).toHaveLength(3);
  });

  test("unknown ids are NotFound; a success without evidence is InvalidArgument", async () => {
    const missing = {
      context: { scope: context.scope },
      idempotencyKey: "k",
      workRequestId: "no-such-id",
      attempt: 1,
      result: WorkResult.FAILED,
      outcome: { summary: "x" },
    };
    expect(await codeOf(work.recordWorkOutcome(missing))).toBe(Code.NotFound);
    const { workRequest } = await work.requestWork(verifyRequest(uniqueName("noev")));
    expect(await codeOf(work.recordWorkOutcome({ ...missing, workRequestId: workRequest?.workRequestId ?? "", result: WorkResult.SUCCEEDED }))).toBe(
      Code.InvalidArgument,
    );
  });

  test("another tenant can neither read nor write the WorkRequest", async () => {
    const { workRequest } = await work.requestWork(verifyRequest(uniqueName("iso")));
    const id = workRequest?.workRequestId ?? "";
    const other = { tenantId: uniqueName("other"), organizationId: "org-1", repositoryId: "repo-1" };
    // A caller of the other tenant: the id answers as an absent one does.
    const theirs = authedTransport(service.url, { tenant: other.tenantId, roles: ["process", "viewer"] });
    expect(await codeOf(createClient(TransformationWorkQueryService, theirs).getWorkRequest({ scope: other, workRequestId: id }))).toBe(Code.NotFound);
    expect(
      await codeOf(createClient(TransformationWorkCommandService, theirs).cancelWork({ context: { scope: other }, idempotencyKey: "c", workRequestId: id })),
    ).toBe(Code.NotFound);
    // Naming this tenant's scope with the other tenant's token is refused before any lookup.
    expect(await codeOf(createClient(TransformationWorkQueryService, theirs).getWorkRequest({ scope: context.scope, workRequestId: id }))).toBe(
      Code.PermissionDenied,
    );
    expect((await query.getWorkRequest({ scope: context.scope, workRequestId: id })).workRequest?.status).toBe(WorkStatus.REQUESTED);
  });
});

describe("registered repositories", () => {
  const rows = async () =>
    (await withClient(db.url, (client) => client.query<{ n: string }>("select (select count(*) from work_request) + (select count(*) from outbox) as n")))
      .rows[0]?.n;

  test("work on an unregistered repository, at another URL or for a disallowed action is refused, and nothing is written", async () => {
    const before = await rows();
    const unregistered = verifyRequest(uniqueName("unreg"));
    unregistered.context!.scope!.repositoryId = "not-registered";
    const refusal = await work.requestWork(unregistered).catch((e: unknown) => ConnectError.from(e));
    expect((refusal as ConnectError).code).toBe(Code.FailedPrecondition);
    expect((refusal as ConnectError).rawMessage).toContain('repository "not-registered" (file:///srv/repo.git) is not registered for tenant');
    expect((refusal as ConnectError).rawMessage).toContain("ameide repo add file:///srv/repo.git --id not-registered");

    const elsewhere = verifyRequest(uniqueName("url"));
    elsewhere.inputs!.checkout!.repoUrl = "file:///etc";
    expect(await codeOf(work.requestWork(elsewhere))).toBe(Code.FailedPrecondition);

    const scope = { ...context.scope, repositoryId: "verify-only" };
    await repositories.registerRepository({ context: { scope }, cloneUrl: "file:///srv/repo.git", allowedActions: ["verify"] });
    const build = verifyRequest(uniqueName("build"));
    build.actionKind = ActionKind.BUILD;
    build.context!.scope!.repositoryId = "verify-only";
    const disallowed = await work.requestWork(build).catch((e: unknown) => ConnectError.from(e));
    expect((disallowed as ConnectError).rawMessage).toContain('action "build" is not allowed on repository "verify-only" (allowed: verify)');
    expect(await rows()).toBe(before);
  });

  test("the registration decides the network, not the caller; list and remove", async () => {
    const request = verifyRequest(uniqueName("net"));
    request.execution = { $typeName: "ameide_core_proto.transformation.work.v1.ExecutionPolicy", queueRef: "", maxAttempts: 0, networkAllowed: true };
    const { workRequest } = await work.requestWork(request);
    expect(workRequest?.execution?.networkAllowed).toBe(false);
    const { repositories: listed } = await repositories.listRepositories({ scope: { tenantId } });
    expect(listed.map((r) => r.scope?.repositoryId)).toContain("repo-1");
    const scope = { ...context.scope, repositoryId: "short-lived" };
    await repositories.registerRepository({ context: { scope }, cloneUrl: "file:///srv/x.git" });
    expect((await repositories.removeRepository({ context: { scope } })).removed).toBe(true);
    expect((await repositories.removeRepository({ context: { scope } })).removed).toBe(false);
  });

  test("a changed or removed registration holds from the next RequestWork on, though the service read it before", async () => {
    const scope = { ...context.scope, repositoryId: uniqueName("changing") };
    const onRepo = (key: string, url = "file:///srv/repo.git") => {
      const request = verifyRequest(uniqueName(key));
      request.context!.scope!.repositoryId = scope.repositoryId;
      request.inputs!.checkout!.repoUrl = url;
      return request;
    };
    await repositories.registerRepository({ context: { scope }, cloneUrl: "file:///srv/repo.git" });
    expect((await work.requestWork(onRepo("first"))).workRequest?.execution?.networkAllowed).toBe(false);
    // Network allowed now: the next work carries it.
    await repositories.registerRepository({ context: { scope }, cloneUrl: "file:///srv/repo.git", networkAllowed: true });
    expect((await work.requestWork(onRepo("network"))).workRequest?.execution?.networkAllowed).toBe(true);
    // Moved: the old URL is refused, the new one taken.
    await repositories.registerRepository({ context: { scope }, cloneUrl: "file:///srv/moved.git" });
    expect(await codeOf(work.requestWork(onRepo("old-url")))).toBe(Code.FailedPrecondition);
    expect((await work.requestWork(onRepo("new-url", "file:///srv/moved.git"))).deduplicated).toBe(false);
    // Removed: refused, and nothing written.
    await repositories.removeRepository({ context: { scope } });
    const before = await rows();
    expect(await codeOf(work.requestWork(onRepo("removed", "file:///srv/moved.git")))).toBe(Code.FailedPrecondition);
    expect(await rows()).toBe(before);
    // Registered again after a refusal: the next work is taken (a refusal is not remembered).
    await repositories.registerRepository({ context: { scope }, cloneUrl: "file:///srv/moved.git", allowedActions: ["verify"] });
    expect((await work.requestWork(onRepo("re-registered", "file:///srv/moved.git"))).deduplicated).toBe(false);
    // Widened after the service read it: an action the old registration refused is taken now.
    await repositories.registerRepository({ context: { scope }, cloneUrl: "file:///srv/moved.git", allowedActions: ["verify", "build"] });
    const build = onRepo("build", "file:///srv/moved.git");
    build.actionKind = ActionKind.BUILD;
    expect((await work.requestWork(build)).deduplicated).toBe(false);
  });
});

describe("operations", () => {
  test("GET /statusz reports the outbox lag of the in-process relay", async () => {
    await work.requestWork(verifyRequest(uniqueName("lag")));
    await expect
      .poll(async () => ((await (await fetch(`${service.url}/statusz`)).json()) as { outbox: { pending: number; leader: boolean } }).outbox, {
        timeout: 10_000,
      })
      .toMatchObject({ pending: 0, leader: true });
  });
});

describe("draft artifacts", () => {
  test("drafts add versions, publishing marks one; facts go to the knowledge topic", async () => {
    const tap = await tapTopic("transformation.knowledge.domain.facts.v1");
    try {
      const elementId = uniqueName("plan");
      const draft = {
        context,
        idempotencyKey: `${elementId}/1`,
        elementId,
        elementKind: "plan",
        title: "Plan",
        content: "# v1",
        initiativeId: "init-1",
        draftedByProcessInstanceId: "run-42",
      };
      const first = await knowledge.draftElement(draft);
      expect(first.element).toMatchObject({ latestVersion: 1, status: ElementStatus.DRAFT });
      expect((await knowledge.draftElement(draft)).deduplicated).toBe(true);
      await knowledge.draftElement({ ...draft, idempotencyKey: `${elementId}/2`, content: "# v2" });
      const published = await knowledge.publishElement({ context, idempotencyKey: `${elementId}/pub`, elementId, version: 2 });
      expect(published.element).toMatchObject({ latestVersion: 2, status: ElementStatus.PUBLISHED, version: 3n });
      const seen = await tap.waitFor((r) => r.message.aggregate?.id === elementId, 3);
      expect(seen.map((r) => r.message.fact.case)).toEqual(["elementDrafted", "elementDrafted", "elementPublished"]);
    } finally {
      await tap.close();
    }
  });

  test("an oversized request is refused with ResourceExhausted", async () => {
    const content = "x".repeat(5 * 1024 * 1024);
    expect(await codeOf(knowledge.draftElement({ context, idempotencyKey: "big", elementId: "big", content }))).toBe(Code.ResourceExhausted);
  });
});
