import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { DomainError, type DomainErrorReason } from "./domain-error.js";

const codes: Record<DomainErrorReason, Code> = {
  invalid_argument: Code.InvalidArgument,
  not_found: Code.NotFound,
  already_exists: Code.AlreadyExists,
  failed_precondition: Code.FailedPrecondition,
  permission_denied: Code.PermissionDenied,
};

/** Turns refused commands into the Connect code their reason stands for. */
export const domainErrorInterceptor: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (error) {
    if (error instanceof DomainError) throw new ConnectError(error.message, codes[error.reason], undefined, undefined, error);
    throw error;
  }
};
