// Test fixture: a real server for TransformationWorkQueryService from the generated contracts, so
// the tests need no protos of their own. Its handler echoes what it received and how.
import { setTimeout as sleep } from "node:timers/promises";
import { create } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import {
  GetWorkRequestResponseSchema,
  TransformationWorkQueryService,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { WorkRequestSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { bearerAuth, openLocalIssuer } from "@ameide/auth";
import { startConnectServer, type ConnectServer, type ConnectServerOptions } from "../src/connect-server.js";
import { createLogger } from "../src/logger.js";

/** The fixture's token issuer (an in-memory key) and a viewer of tenant-1, the tenant the tests use. */
export const fixtureIssuer = await openLocalIssuer();
export const viewerToken = fixtureIssuer.tokenSource({ subject: "tester", tenant: "tenant-1", roles: ["viewer"] });
export const asViewer = bearerAuth(viewerToken);

/** work_request_id that makes the handler take `slowHandlerMs` before answering. */
export const slowWorkRequestId = "slow";

/** How long the handler takes for `slowWorkRequestId`. */
export const slowHandlerMs = 200;

/** Hooks a test uses to act while a request is inside the handler. */
export interface WorkQueryHooks {
  onSlowStart?: () => void;
}

/** Routes with one handler that echoes the id and the protocol (in `correlationId`). */
export function createWorkQueryRoutes(hooks: WorkQueryHooks = {}): (router: ConnectRouter) => void {
  return (router) => {
    router.service(TransformationWorkQueryService, {
      async getWorkRequest(req, context) {
        if (req.workRequestId === slowWorkRequestId) {
          hooks.onSlowStart?.();
          await sleep(slowHandlerMs);
        }
        const workRequest = create(WorkRequestSchema, {
          workRequestId: req.workRequestId,
          scope: req.scope,
          correlationId: context.protocolName,
        });
        return create(GetWorkRequestResponseSchema, { workRequest });
      },
    });
  };
}

/** Start the fixture server on a free port; `lines` collects what it logs. */
export async function startWorkQueryServer(
  options: Partial<ConnectServerOptions> & { hooks?: WorkQueryHooks } = {},
): Promise<{ server: ConnectServer; lines: string[] }> {
  const lines: string[] = [];
  const logger = createLogger({ service: "test" }, { level: "debug", write: (line) => lines.push(line) });
  const { hooks, ...rest } = options;
  const server = await startConnectServer({ routes: createWorkQueryRoutes(hooks), port: 0, logger, auth: { verifier: fixtureIssuer.verifier() }, ...rest });
  return { server, lines };
}
