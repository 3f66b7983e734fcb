import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { type Client, Code, ConnectError } from "@connectrpc/connect";
import { GateDecision, type TransformationProcessFact } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import {
  StartRunRequestSchema,
  TransformationProcessCommandService,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import { TransformationRepositoryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";
import { createLogger } from "@ameide/service-kit";
import { createStackController, loadStackConfig, printProgress } from "@ameide/stack";
import { type LocalIssuer, openLocalIssuer, type TokenSource } from "@ameide/auth";
import { localPlatformAuth, startPlatform } from "@ameide/platform";
import { describeFact, watchRuns } from "@ameide/platform/run-watch";
import { fetchBoard, renderBoard } from "./board-command.js";
import { authedClient, localUserRoles, localUserSubject } from "./cli-auth.js";
import { codexStandIn, createDemoRepos, demoEvidenceDir, gitOutput, localIssuerDir } from "@ameide/platform/local";
import { quietTemporalLogs } from "./temporal-logs.js";

const scope = { tenantId: "demo", organizationId: "demo-org", repositoryId: "sample-service" };

/**
 * `ameide demo`: brings the stack up, runs the platform in-process, and drives two sample runs on
 * the shipped sample repository: one from intake to done (gates approved by the demo), one whose
 * coding agent has no Codex credentials (fails fast; the card ends in failed).
 */
export async function demoCommand(): Promise<number> {
  const started = performance.now();
  quietTemporalLogs();
  console.log("== stack");
  const { info } = await createStackController(
    loadStackConfig(),
    printProgress((line) => console.log(line)),
  ).up();
  console.log(`postgres ${info.databaseUrl}  kafka ${info.kafkaBrokers}  temporal ${info.temporalAddress}`);
  const root = mkdtempSync(join(tmpdir(), "ameide-demo-"));
  const repos = createDemoRepos(root);
  const codexHome = join(root, "codex-home");
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(codexHome, "auth.json"), JSON.stringify({ note: "placeholder credentials for the Codex stand-in" }));
  // The local development issuer: it verifies every call and mints the demo user's and services' tokens.
  const issuer = await openLocalIssuer(localIssuerDir);
  const user = issuer.tokenSource({ subject: localUserSubject(), tenant: scope.tenantId, roles: localUserRoles, kind: "human" });
  const platform = await startPlatform({
    auth: localPlatformAuth(issuer),
    domainPort: 0,
    processPort: 0,
    instance: "demo",
    logger: createLogger({}, { level: "error" }),
    executorEnv: { CODEX_HOME: codexHome, CODEX_BIN: codexStandIn, GITOPS_REPO_URL: repos.gitopsUrl, EVIDENCE_STORE_URL: `file://${demoEvidenceDir}` },
  });
  const api = authedClient(TransformationProcessCommandService, platform.processUrl, user);
  const watch = await watchRuns(info.kafkaBrokers, false);
  try {
    console.log(`== platform: domain ${platform.domainUrl}, process ${platform.processUrl}, executors for 4 classes`);
    const refusals = await identityChecks(platform.projectionUrl, issuer);
    const admin = issuer.tokenSource({ subject: localUserSubject(), tenant: scope.tenantId, roles: ["admin"], kind: "human" });
    await authedClient(TransformationRepositoryService, platform.domainUrl, admin).registerRepository({
      context: { scope },
      cloneUrl: repos.serviceUrl,
      allowedActions: [],
      networkAllowed: false,
    });
    console.log(
      `   repository ${scope.repositoryId} registered for tenant ${scope.tenantId}: work runs only on registered repositories, each command in a sandbox`,
    );
    console.log(
      `   every call is authenticated: no token -> ${refusals.anonymous}; a viewer of another tenant naming "${scope.tenantId}" -> ${refusals.otherTenant}`,
    );
    console.log(`\n== run 1: "Record the change in CHANGES.md" on ${repos.serviceUrl}`);
    const first = await run(api, watch, repos.serviceUrl, repos.serviceCommit, "Record the change in CHANGES.md");
    console.log(`   GitOps: ${gitOutput(repos.gitopsDir, "log", "--format=%h %s", "main").split("\n").join(" | ")}`);

    console.log("\n== run 2: the coding agent without Codex credentials ($CODEX_HOME/auth.json absent)");
    await platform.restartExecutor("agentwork.coder", { CODEX_HOME: join(root, "no-credentials") });
    const second = await run(api, watch, repos.serviceUrl, repos.serviceCommit, "Record another change");
    const missingCredentials = second.fact.case === "runFailed" && /credentials/i.test(second.fact.value.reason);
    const ok =
      first.fact.case === "runCompleted" && missingCredentials && refusals.anonymous === "unauthenticated" && refusals.otherTenant === "permission_denied";
    console.log("\n== the board, read through KanbanQueryService (ended cards are archived; shown with include_archived)");
    console.log(
      await settledBoard(
        platform.projectionUrl,
        [first, second].map((f) => f.process?.processInstanceId ?? ""),
        user,
      ),
    );
    console.log(
      `\n== demo ${ok ? "finished" : "FAILED"} in ${((performance.now() - started) / 1000).toFixed(1)}s: run 1 ${first.fact.case}, run 2 ${second.fact.case}${second.fact.case === "runFailed" ? ` (${second.fact.value.reason.split("\n")[0] ?? ""})` : ""}`,
    );
    return ok ? 0 : 1;
  } finally {
    await watch.close();
    await platform.close();
    rmSync(root, { recursive: true, force: true });
  }
}

async function run(
  api: Client<typeof TransformationProcessCommandService>,
  watch: Awaited<ReturnType<typeof watchRuns>>,
  repoUrl: string,
  commitSha: string,
  request: string,
): Promise<TransformationProcessFact> {
  const key = `demo-${Date.now()}`;
  const { processInstanceId } = await api.startRun(
    create(StartRunRequestSchema, {
      context: { scope, correlationId: key },
      idempotencyKey: key,
      input: {
        scope,
        initiativeId: "demo-initiative",
        title: request,
        request,
        checkout: { repoUrl, commitSha },
        policy: { maxVerifyRounds: 2, requireReleaseApproval: true, environments: ["staging", "production"] },
      },
    }),
  );
  console.log(`   card ${processInstanceId}`);
  const t0 = performance.now();
  return watch.until(processInstanceId, async (fact) => {
    console.log(`   ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s  ${describeFact(fact)}`);
    if (fact.fact.case === "awaiting") {
      console.log(`           the demo approves ${fact.fact.value.ref}`);
      await api.decideGate({
        context: { scope },
        idempotencyKey: `${key}/${fact.fact.value.ref}`,
        processInstanceId,
        gateRef: fact.fact.value.ref,
        decision: GateDecision.APPROVED,
      });
    }
  });
}

/** The demo board once the projection has folded both runs' terminal facts. */
async function settledBoard(projectionUrl: string, cardIds: string[], token: TokenSource): Promise<string> {
  const boardScope = { ...scope, initiativeId: "demo-initiative" };
  for (let i = 0; ; i++) {
    const board = await fetchBoard(projectionUrl, boardScope, true, token);
    const cards = board.columns.flatMap((c) => c.cards).filter((c) => cardIds.includes(c.cardId));
    if ((cards.length === cardIds.length && cards.every((c) => c.terminal)) || i >= 50) return renderBoard(board);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What the board answers a caller without a token, and a viewer of another tenant. */
async function identityChecks(projectionUrl: string, issuer: LocalIssuer): Promise<{ anonymous: string; otherTenant: string }> {
  const codeOf = (token: TokenSource) =>
    fetchBoard(projectionUrl, { ...scope, initiativeId: "demo-initiative" }, false, token).then(
      () => "ok",
      (error: unknown) => Code[ConnectError.from(error).code].replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase(),
    );
  const stranger = issuer.tokenSource({ subject: "someone@other", tenant: "other", roles: ["viewer"] });
  return { anonymous: await codeOf(() => Promise.resolve("")), otherTenant: await codeOf(stranger) };
}
