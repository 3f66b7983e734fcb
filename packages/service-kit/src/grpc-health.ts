import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import {
  Health,
  type HealthCheckResponse,
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthCheckResponseSchema,
} from "@ameide/proto/grpc/health/v1/health_pb";
import { checkEngines, type Readiness } from "./health-fallback.js";
import type { Logger } from "./logger.js";

/** How often Watch re-checks the engines. */
const watchIntervalMs = 5000;

/**
 * The standard gRPC health service (grpc.health.v1.Health) over the same engine checks as
 * `/readyz`: "" and every service this server hosts are SERVING while all engines are up,
 * NOT_SERVING otherwise; any other name is NOT_FOUND (Watch answers SERVICE_UNKNOWN).
 */
export function grpcHealthRoutes(readiness: Readiness, services: () => readonly string[], logger: Logger): (router: ConnectRouter) => void {
  const known = (service: string) => service === "" || services().includes(service);
  const status = async (): Promise<HealthCheckResponse> =>
    create(HealthCheckResponseSchema, { status: (await checkEngines(readiness, logger)).ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING });
  return (router) =>
    router.service(Health, {
      async check(req) {
        if (!known(req.service))
          throw new ConnectError(`service "${req.service}" is not served here; ask for "" or one of ${services().join(", ")}`, Code.NotFound);
        return status();
      },
      async *watch(req, context) {
        if (!known(req.service)) {
          yield create(HealthCheckResponseSchema, { status: ServingStatus.SERVICE_UNKNOWN });
          return;
        }
        let last: ServingStatus | undefined;
        while (!context.signal.aborted) {
          const current = await status();
          if (current.status !== last) yield current;
          last = current.status;
          await new Promise((resolve) => setTimeout(resolve, watchIntervalMs));
        }
      },
      async list() {
        const current = await status();
        return { statuses: Object.fromEntries(["", ...services()].map((name) => [name, current])) };
      },
    });
}
