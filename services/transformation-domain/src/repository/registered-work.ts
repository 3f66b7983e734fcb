import { clone, create } from "@bufbuild/protobuf";
import { ActionKind, ExecutionPolicySchema, WorkKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { type RequestWorkRequest, RequestWorkRequestSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { DomainError } from "../domain-error.js";
import type { Repository } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";

/** The name of a request's action in a registration: "code" for coding-agent work, else the action kind. */
export function actionName(workKind: WorkKind, actionKind: ActionKind): string {
  return workKind === WorkKind.AGENT_WORK ? "code" : (ActionKind[actionKind] ?? "").toLowerCase();
}

/**
 * RequestWork only on a repository the tenant registered (`registered`, as read; undefined when
 * there is none), at its registered clone URL, for an action it allows: refused with
 * failed_precondition before anything is written. The returned request carries the
 * registration's network permission, whatever the caller said.
 */
export function checkRegistration(command: RequestWorkRequest, registered: Repository | undefined): RequestWorkRequest {
  const scope = command.context?.scope;
  const tenantId = scope?.tenantId ?? "";
  const repositoryId = scope?.repositoryId ?? "";
  const url = command.inputs?.checkout?.repoUrl ?? "";
  const hint = `an admin registers it with \`ameide repo add ${url || "<clone url>"} --id ${repositoryId} --tenant ${tenantId}\``;
  if (registered === undefined) {
    throw new DomainError("failed_precondition", `repository "${repositoryId}" (${url || "no clone URL"}) is not registered for tenant "${tenantId}"; ${hint}`);
  }
  if (registered.cloneUrl !== url) {
    throw new DomainError(
      "failed_precondition",
      `inputs.checkout.repo_url "${url}" is not the registered clone URL of repository "${repositoryId}" (${registered.cloneUrl}); use that URL or re-register`,
    );
  }
  const action = actionName(command.workKind, command.actionKind);
  if (registered.allowedActions.length > 0 && !registered.allowedActions.includes(action)) {
    throw new DomainError(
      "failed_precondition",
      `action "${action}" is not allowed on repository "${repositoryId}" (allowed: ${registered.allowedActions.join(", ")}); an admin can allow it with \`ameide repo add\``,
    );
  }
  const stamped = clone(RequestWorkRequestSchema, command);
  stamped.execution = command.execution ? clone(ExecutionPolicySchema, command.execution) : create(ExecutionPolicySchema);
  stamped.execution.networkAllowed = registered.networkAllowed;
  return stamped;
}
