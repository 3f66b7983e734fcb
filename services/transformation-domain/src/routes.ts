import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import { executorClassesOf, type Principal } from "@ameide/auth";
import { callerOf } from "@ameide/service-kit";
import type { WorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import {
  TransformationKnowledgeCommandService,
  TransformationKnowledgeQueryService,
} from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import {
  TransformationWorkCommandService,
  TransformationWorkQueryService,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import type { DomainDeps } from "./domain-deps.js";
import { repositoryRoutes } from "./repository/repository-routes.js";
import { executeElementCommand } from "./knowledge/element-command-handler.js";
import { readElement } from "./store/element-store.js";
import { readWorkRequest } from "./store/work-request-store.js";
import { executeWorkCommand } from "./work/work-command-handler.js";

/** The Domain's Connect services: Work and knowledge write and read surfaces. */
export function domainRoutes(deps: DomainDeps): (router: ConnectRouter) => void {
  const work = (command: Parameters<typeof executeWorkCommand>[1], ctx: HandlerContext) =>
    executeWorkCommand(deps, command, { executorClasses: executorClassesOf(callerOf(ctx)) });
  const element = (command: Parameters<typeof executeElementCommand>[1]) => executeElementCommand(deps, command);
  const repositories = repositoryRoutes(deps);
  return (router) => {
    repositories(router);
    router.service(TransformationWorkCommandService, { requestWork: work, recordWorkStarted: work, recordWorkOutcome: work, cancelWork: work });
    router.service(TransformationKnowledgeCommandService, { draftElement: element, publishElement: element });
    router.service(TransformationWorkQueryService, {
      async getWorkRequest(req, ctx) {
        const workRequest = await readWorkRequest(deps.db, req.scope?.tenantId ?? "", req.scope?.repositoryId ?? "", req.workRequestId);
        if (workRequest === undefined || !mayRead(callerOf(ctx), workRequest)) throw notFound("work_request_id", req.workRequestId);
        return { workRequest };
      },
    });
    router.service(TransformationKnowledgeQueryService, {
      async getElement(req) {
        const found = await readElement(deps.db, req.scope?.tenantId ?? "", req.scope?.repositoryId ?? "", req.elementId);
        if (found === undefined) throw notFound("element_id", req.elementId);
        return { element: found };
      },
    });
  };
}

/** An executor reads only work of its classes; other work answers as absent. Other roles read their tenant's work. */
function mayRead(caller: Principal, workRequest: WorkRequest): boolean {
  const classes = executorClassesOf(caller);
  const executorOnly = caller.roles.every((r) => r.startsWith("executor:"));
  return !executorOnly || classes.includes(workRequest.execution?.queueRef ?? "");
}

function notFound(field: string, id: string): ConnectError {
  return new ConnectError(`${field} "${id}" does not exist in this scope (tenant_id and repository_id must match the one it was created in)`, Code.NotFound);
}
