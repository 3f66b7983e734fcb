import { create } from "@bufbuild/protobuf";
import { ActorKind, CommandContextSchema } from "@ameide/proto/ameide_core_proto/transformation/common/v1/transformation_common_envelope_pb";
import type { Logger } from "@ameide/service-kit";
import type { DomainDeps } from "../domain-deps.js";
import { expiredLeases } from "../store/work-request-store.js";
import { executeWorkCommand } from "./work-command-handler.js";

/** A running lease sweep. */
export interface LeaseSweep {
  /** Expires every lease that ran out (one pass); resolves with how many attempts it ended. */
  sweepOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, ends the attempts whose lease ran out without an outcome: the work is queued
 * again for its next attempt, or fails when none is left. Safe on every replica at once: each
 * expiry is a command on the locked WorkRequest, and a second one finds nothing to do.
 */
export function startLeaseSweep(deps: DomainDeps, logger: Logger, intervalMs = 5000): LeaseSweep {
  const sweepOnce = async () => {
    let ended = 0;
    for (const expired of await expiredLeases(deps.db, deps.clock(), 100)) {
      const { workRequestId, scope, correlationId } = expired;
      const tenantId = scope?.tenantId ?? "";
      const context = create(CommandContextSchema, { scope, correlationId, actor: { actorId: deps.producer, kind: ActorKind.SERVICE } });
      const { deduplicated, workRequest } = await executeWorkCommand(
        deps,
        { $typeName: "ameide.transformation.domain.ExpireWorkLease", context, workRequestId },
        { executorClasses: [] },
      );
      if (!deduplicated) {
        ended++;
        logger.warn("work attempt lease expired", {
          work_request_id: workRequestId,
          tenant_id: tenantId,
          status: workRequest.status,
          attempt: workRequest.attempt,
        });
      }
    }
    return ended;
  };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(sweepOnce).catch((error: unknown) => logger.warn("lease sweep failed; retrying", { error }));
  }, intervalMs);
  timer.unref();
  return {
    sweepOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
