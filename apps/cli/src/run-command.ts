import { randomUUID } from "node:crypto";
import { create } from "@bufbuild/protobuf";
import { GateDecision } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import {
  StartRunRequestSchema,
  TransformationProcessCommandService,
} from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_service_pb";
import { resolveServiceEnv } from "@ameide/service-kit";
import { authedClient, cliToken, consoleLinkToken } from "./cli-auth.js";
import { registerSample } from "./repo-command.js";
import { CliError, ExitCode } from "./cli-errors.js";
import { latestRun, rememberLatestRun } from "./latest-run.js";
import { platformConsoleUrl, sampleRepo } from "@ameide/platform/local";
import { describeFact, watchRuns } from "@ameide/platform/run-watch";

/** Options of `ameide run start`. */
export interface StartOptions {
  readonly tenant: string;
  readonly organization: string;
  readonly repo?: string;
  readonly sample?: boolean;
  readonly commit: string;
  readonly branch: string;
  readonly title?: string;
  readonly request: string;
  readonly suite: string;
  readonly env: string;
  readonly releaseApproval?: boolean;
  readonly maxVerifyRounds: string;
  readonly repository?: string;
  readonly initiative: string;
  readonly key?: string;
}

/** Options of `ameide run approve|reject`. */
export interface DecideOptions {
  readonly tenant: string;
  readonly organization: string;
  readonly repository?: string;
  readonly gate: string;
  readonly comment: string;
  readonly key?: string;
}

/** Options of `ameide run cancel`. */
export interface CancelOptions {
  readonly tenant: string;
  readonly organization: string;
  readonly repository?: string;
  readonly reason: string;
  readonly key?: string;
}

const processUrl = () => process.env.PROCESS_URL || "http://127.0.0.1:8082";
const projectionUrl = () => process.env.PROJECTION_URL || "http://127.0.0.1:8083";
const processApi = (tenant: string) => authedClient(TransformationProcessCommandService, processUrl(), cliToken(tenant));

/** `ameide run start`: starts a run and says where to follow it and what to do next. */
export async function startRun(options: StartOptions): Promise<number> {
  const checkout = resolveCheckout(options);
  const maxVerifyRounds = Number(options.maxVerifyRounds);
  if (!Number.isInteger(maxVerifyRounds) || maxVerifyRounds < 1)
    throw new CliError(`--max-verify-rounds ${options.maxVerifyRounds} is not a positive integer`, "give 1 or more", ExitCode.Usage);
  const scope = { tenantId: options.tenant, organizationId: options.organization, repositoryId: options.repository ?? checkout.repositoryId };
  const key = options.key ?? randomUUID();
  // The bundled sample is trusted: registered for the tenant on first use (other repositories: `ameide repo add`).
  if (options.sample === true) await registerSample(scope.tenantId, checkout);
  const response = await processApi(options.tenant).startRun(
    create(StartRunRequestSchema, {
      context: { scope, correlationId: key },
      idempotencyKey: key,
      input: {
        scope,
        initiativeId: options.initiative,
        title: options.title ?? options.request,
        request: options.request,
        checkout: { repoUrl: checkout.url, commitSha: checkout.commit, branch: options.branch },
        policy: {
          maxVerifyRounds,
          requireReleaseApproval: options.releaseApproval === true,
          environments: options.env.split(",").filter((e) => e !== ""),
          verificationSuiteRef: options.suite,
        },
      },
    }),
  );
  const id = response.processInstanceId;
  rememberLatestRun({ ...scope, initiativeId: options.initiative, processInstanceId: id });
  const consoleToken = await consoleLinkToken(scope.tenantId);
  const console_ = platformConsoleUrl(
    { tenant: scope.tenantId, repository: scope.repositoryId, initiative: options.initiative, card: id },
    consoleToken,
    projectionUrl(),
  );
  console.log(`run        ${id}${response.deduplicated ? " (the existing run for this --key)" : ""}`);
  console.log(`repository ${checkout.url}${checkout.commit ? ` at ${checkout.commit.slice(0, 12)}` : ""}`);
  console.log(`console    ${console_}`);
  console.log(`next       ameide run watch ${id}${tenantFlag(options.tenant)}   (prints the approve/reject command at each gate)`);
  return ExitCode.Ok;
}

function resolveCheckout(options: StartOptions): { url: string; commit: string; repositoryId: string } {
  if (options.sample === true) return sampleRepo();
  if (options.repo === undefined || options.repo === "") {
    throw new CliError("run start needs a repository", "give --repo <git clone URL>, or --sample for the bundled sample repository", ExitCode.Usage);
  }
  return {
    url: options.repo,
    commit: options.commit,
    repositoryId:
      options.repo
        .split("/")
        .pop()
        ?.replace(/\.git$/, "") || "default",
  };
}

/** `ameide run approve|reject`: decides the run's open gate. */
export async function decideGate(id: string, decision: "approve" | "reject", options: DecideOptions): Promise<number> {
  const { recorded } = await processApi(options.tenant).decideGate({
    context: { scope: commandScope(id, options) },
    idempotencyKey: options.key ?? randomUUID(),
    processInstanceId: id,
    gateRef: options.gate,
    decision: decision === "approve" ? GateDecision.APPROVED : GateDecision.REJECTED,
    comment: options.comment,
  });
  console.log(`gate ${recorded?.gateRef ?? options.gate}: ${(GateDecision[recorded?.decision ?? 0] ?? "unknown").toLowerCase()}`);
  return ExitCode.Ok;
}

/** `ameide run cancel`: asks the run to stop; the run ends with RunCancelled. */
export async function cancelRun(id: string, options: CancelOptions): Promise<number> {
  await processApi(options.tenant).cancelRun({
    context: { scope: commandScope(id, options) },
    idempotencyKey: options.key ?? randomUUID(),
    processInstanceId: id,
    reason: options.reason,
  });
  console.log(`cancel requested for ${id}; \`ameide run watch ${id}\` shows it end`);
  return ExitCode.Ok;
}

/** `ameide run watch`: prints the run's facts until it ends; exit 0 only when it completed. */
export async function watchRun(id: string, options: { tenant: string }): Promise<number> {
  const env = await resolveServiceEnv("", process.env, ["KAFKA_BROKERS", "TEMPORAL_ADDRESS"]);
  await assertRunExists(env.temporalAddress, id, options.tenant);
  const watch = await watchRuns(env.kafkaBrokers, true);
  try {
    const end = await watch.until(id, (fact) => {
      console.log(describeFact(fact));
      if (fact.fact.case === "awaiting") {
        const gate = `${id} --gate ${fact.fact.value.ref}${tenantFlag(options.tenant)}`;
        console.log(`    -> ameide run approve ${gate}\n       ameide run reject ${gate} --comment "why"`);
      }
    });
    return end.fact.case === "runCompleted" ? ExitCode.Ok : ExitCode.Failed;
  } finally {
    await watch.close();
  }
}

/** Fails with not_found unless Temporal knows the run and it belongs to the tenant. */
async function assertRunExists(temporalAddress: string, id: string, tenantId: string): Promise<void> {
  const { Connection, Client, WorkflowNotFoundError } = await import("@temporalio/client");
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const described = await new Client({ connection }).workflow.getHandle(id).describe();
    if ((described.memo as { tenantId?: string } | undefined)?.tenantId === tenantId) return;
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  } finally {
    await connection.close();
  }
  throw new CliError(
    `[not_found] run ${id} does not exist for tenant ${tenantId}`,
    "`ameide run start` prints the ids of the runs it starts; check --tenant",
    ExitCode.NotFound,
  );
}

/** The scope a decision or cancel is made in: the run's repository when this checkout started it. */
function commandScope(id: string, options: { tenant: string; organization: string; repository?: string }) {
  const latest = latestRun();
  const repositoryId = options.repository ?? (latest?.processInstanceId === id ? latest.repositoryId : "default");
  return { tenantId: options.tenant, organizationId: options.organization, repositoryId };
}

function tenantFlag(tenant: string): string {
  return tenant === "local" ? "" : ` --tenant ${tenant}`;
}
