import { create } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { ActionKind, WorkKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import {
  type RequestWorkRequest,
  RequestWorkRequestSchema,
  TransformationWorkCommandService,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { benchCaller } from "./bench-auth.js";

/** The prefix of every client_request_id; the part after it is the load run's sequence number. */
export const clientRequestIdPrefix = "bench-run/";

/** RequestWork callers, each on an HTTP/2 connection of its own, all in one tenant. */
export interface RequestWorkClients {
  /** Issues a RequestWork that is new (its client_request_id is the sequence number). */
  requestWork(client: number, seq: number): Promise<void>;
  close(): void;
}

/** Opens `count` Connect clients to the Domain service for `tenantId`. */
export function createRequestWorkClients(baseUrl: string, count: number, tenantId: string): RequestWorkClients {
  // An explicit session manager per client: one connection each, and a handle to close it.
  const sessions = Array.from({ length: count }, () => new Http2SessionManager(baseUrl));
  const clients: Array<Client<typeof TransformationWorkCommandService>> = sessions.map((sessionManager) =>
    createClient(
      TransformationWorkCommandService,
      createConnectTransport({ baseUrl, httpVersion: "2", sessionManager, interceptors: [benchCaller(["process"])] }),
    ),
  );
  return {
    async requestWork(client, seq) {
      const caller = clients[client];
      if (caller === undefined) throw new Error(`no RequestWork client ${client}; ${count} were opened`);
      const response = await caller.requestWork(requestWorkRequest(tenantId, seq));
      if (response.deduplicated) throw new Error(`RequestWork ${seq} was answered as a repeat; every benchmark request must be new`);
    },
    close() {
      for (const session of sessions) session.abort();
    },
  };
}

/** A valid, unique RequestWork for a VERIFY tool run. */
export function requestWorkRequest(tenantId: string, seq: number): RequestWorkRequest {
  return create(RequestWorkRequestSchema, {
    context: { scope: { tenantId, organizationId: "bench-org", repositoryId: "bench-repo" }, correlationId: `bench-${seq}` },
    clientRequestId: `${clientRequestIdPrefix}${seq}`,
    requestedBy: { processInstanceId: `bench-${seq}`, activityId: "request-work" },
    workKind: WorkKind.TOOL_RUN,
    actionKind: ActionKind.VERIFY,
    inputs: { checkout: { repoUrl: "file:///srv/bench.git", commitSha: "0123abc" }, verificationSuiteRef: "unit" },
  });
}
