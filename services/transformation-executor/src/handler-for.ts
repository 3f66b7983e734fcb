import { ActionKind, WorkKind, type WorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { coderHandler } from "./handlers/coder-handler.js";
import { deployHandler } from "./handlers/deploy-handler.js";
import { toolRunHandler } from "./handlers/tool-run-handler.js";
import type { WorkHandler } from "./handlers/work-handler.js";

/** The handler of a WorkRequest: coding agent, GitOps promotion, or the repository's declared command. */
export function handlerFor(workRequest: WorkRequest): WorkHandler {
  if (workRequest.workKind === WorkKind.AGENT_WORK) return coderHandler;
  if (workRequest.actionKind === ActionKind.DEPLOY) return deployHandler;
  return toolRunHandler;
}
