import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { Logger } from "./logger.js";

interface WithContext {
  context?: { scope?: { tenantId?: string }; correlationId?: string };
  idempotencyKey?: string;
  clientRequestId?: string;
}

/** One structured line per call: procedure, outcome code, duration, tenant, correlation, key. */
export function createLoggingInterceptor(logger: Logger): Interceptor {
  return (next) => async (req) => {
    const started = performance.now();
    const message = (req.stream ? {} : req.message) as WithContext;
    const fields = {
      procedure: req.method.name,
      service: req.service.typeName,
      tenant_id: message.context?.scope?.tenantId,
      correlation_id: message.context?.correlationId,
      idempotency_key: message.idempotencyKey ?? message.clientRequestId,
    };
    try {
      const res = await next(req);
      logger.info("rpc", { ...fields, code: "ok", ms: Math.round(performance.now() - started) });
      return res;
    } catch (error) {
      const code = ConnectError.from(error).code;
      const level = code === Code.Internal || code === Code.Unknown ? "error" : "info";
      logger[level]("rpc", { ...fields, code: Code[code], ms: Math.round(performance.now() - started), error });
      throw error;
    }
  };
}
