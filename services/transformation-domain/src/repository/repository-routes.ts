import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter } from "@connectrpc/connect";
import { RepositorySchema, TransformationRepositoryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";
import type { DomainDeps } from "../domain-deps.js";
import { requireContext } from "../require-context.js";
import { listRepositories, removeRepository, saveRepository } from "../store/repository-store.js";

/** The admin surface of repository registrations (the auth interceptor admits admins only). */
export function repositoryRoutes(deps: DomainDeps): (router: ConnectRouter) => void {
  return (router) => {
    router.service(TransformationRepositoryService, {
      async registerRepository(req) {
        const context = requireContext(req.context);
        const repository = create(RepositorySchema, {
          scope: context.scope,
          cloneUrl: req.cloneUrl,
          allowedActions: [...new Set(req.allowedActions)].sort(),
          networkAllowed: req.networkAllowed,
          registeredBy: context.actor,
          registeredAt: timestampFromDate(deps.clock()),
        });
        await saveRepository(deps.db, repository, deps.clock());
        return { repository };
      },
      async listRepositories(req) {
        return { repositories: await listRepositories(deps.db, req.scope?.tenantId ?? "") };
      },
      async removeRepository(req) {
        const scope = requireContext(req.context).scope;
        return { removed: await removeRepository(deps.db, scope?.tenantId ?? "", scope?.repositoryId ?? "") };
      },
    });
  };
}
