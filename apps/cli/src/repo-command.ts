import { TransformationRepositoryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";
import { authedClient, cliToken } from "./cli-auth.js";
import { CliError, ExitCode } from "./cli-errors.js";

/** Options of `ameide repo add|list|remove`. */
export interface RepoOptions {
  readonly tenant: string;
  readonly organization: string;
  readonly id?: string;
  readonly actions?: string;
  readonly network?: boolean;
}

const domainUrl = () => process.env.DOMAIN_URL || "http://127.0.0.1:8081";
const repositories = (tenant: string) => authedClient(TransformationRepositoryService, domainUrl(), cliToken(tenant, ["admin"]));

/** The repository id a clone URL gets by default: its last path segment without `.git`. */
export function repositoryIdOf(url: string): string {
  return (
    url
      .replace(/\/+$/, "")
      .split("/")
      .pop()
      ?.replace(/\.git$/, "") || "default"
  );
}

/** `ameide repo add URL`: registers a repository of the tenant (admin). */
export async function repoAdd(url: string, options: RepoOptions): Promise<number> {
  const id = options.id ?? repositoryIdOf(url);
  const allowedActions = (options.actions ?? "").split(",").filter((a) => a !== "");
  const { repository } = await repositories(options.tenant).registerRepository({
    context: { scope: { tenantId: options.tenant, organizationId: options.organization, repositoryId: id } },
    cloneUrl: url,
    allowedActions,
    networkAllowed: options.network === true,
  });
  console.log(
    `registered ${repository?.scope?.repositoryId ?? id} -> ${repository?.cloneUrl ?? url} (actions: ${repository?.allowedActions.join(", ") || "all"}; network: ${repository?.networkAllowed ? "allowed" : "off"})`,
  );
  return ExitCode.Ok;
}

/** `ameide repo list`: the tenant's registered repositories. */
export async function repoList(options: RepoOptions): Promise<number> {
  const { repositories: all } = await repositories(options.tenant).listRepositories({
    scope: { tenantId: options.tenant, organizationId: options.organization },
  });
  if (all.length === 0) console.log(`no repositories registered for tenant ${options.tenant} (\`ameide repo add <url>\`)`);
  for (const r of all) {
    console.log(
      `${r.scope?.repositoryId ?? ""}  ${r.cloneUrl}  actions: ${r.allowedActions.join(",") || "all"}  network: ${r.networkAllowed ? "allowed" : "off"}`,
    );
  }
  return ExitCode.Ok;
}

/** `ameide repo remove ID`: removes a registration; new work on it is refused. */
export async function repoRemove(id: string, options: RepoOptions): Promise<number> {
  const { removed } = await repositories(options.tenant).removeRepository({
    context: { scope: { tenantId: options.tenant, organizationId: options.organization, repositoryId: id } },
  });
  if (!removed)
    throw new CliError(`repository ${id} is not registered for tenant ${options.tenant}`, "`ameide repo list` shows the registered ones", ExitCode.NotFound);
  console.log(`removed ${id}`);
  return ExitCode.Ok;
}

/** Registers the bundled sample repository for `tenant` (idempotent): `up` and `run start --sample` do this. */
export async function registerSample(tenant: string, sample: { url: string; repositoryId: string }): Promise<void> {
  await repositories(tenant).registerRepository({
    context: { scope: { tenantId: tenant, repositoryId: sample.repositoryId } },
    cloneUrl: sample.url,
    allowedActions: [],
    networkAllowed: false,
  });
}
