import type { WorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { ActionKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";

/**
 * The environment of a repository command: a minimal base plus the work's identity and
 * parameters. The executor's own environment (credentials, CODEX_HOME, broker addresses) is not
 * passed on.
 */
export function commandEnv(workRequest: WorkRequest, attempt: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG ?? "C.UTF-8",
    AMEIDE_WORK_REQUEST_ID: workRequest.workRequestId,
    AMEIDE_ACTION: ActionKind[workRequest.actionKind].toLowerCase(),
    AMEIDE_ATTEMPT: String(attempt),
    ...extra,
  };
  for (const [name, value] of Object.entries(workRequest.inputs?.parameters ?? {})) {
    env[`AMEIDE_PARAM_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`] = value;
  }
  return env;
}
