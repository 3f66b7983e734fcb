import type { CommandContext } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import { DomainError } from "./domain-error.js";

/** The command context with its scope; the edge validator guarantees it, this keeps the types honest. */
export function requireContext(context: CommandContext | undefined): CommandContext {
  if (context?.scope === undefined || context.scope.tenantId === "") {
    throw new DomainError("invalid_argument", "context.scope.tenant_id is required: every command names its tenant and repository");
  }
  return context;
}
