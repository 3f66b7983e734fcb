import { ActionKind, WorkKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { queueTopicForRef } from "@ameide/contracts";
import { DomainError } from "../domain-error.js";

/** The executor class that runs a kind of work when the request names none. */
export function defaultQueueRef(workKind: WorkKind, actionKind: ActionKind): string {
  if (workKind === WorkKind.AGENT_WORK) return "agentwork.coder";
  switch (actionKind) {
    case ActionKind.VERIFY:
    case ActionKind.SMOKE:
      return "toolrun.verify";
    case ActionKind.BUILD:
    case ActionKind.PUBLISH:
    case ActionKind.DEPLOY:
      return "toolrun.publish";
    default:
      return "toolrun.generate";
  }
}

/** Resolves the queue ref of a request: the named one if it is bound to a queue topic, else the default. */
export function resolveQueueRef(requested: string, workKind: WorkKind, actionKind: ActionKind): string {
  const queueRef = requested === "" ? defaultQueueRef(workKind, actionKind) : requested;
  if (queueTopicForRef(queueRef) === undefined) {
    throw new DomainError(
      "invalid_argument",
      `execution.queue_ref "${requested}" is not an execution queue; use one of toolrun.generate, toolrun.verify, toolrun.publish, agentwork.coder, or leave it empty`,
    );
  }
  return queueRef;
}
