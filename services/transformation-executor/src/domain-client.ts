import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { bearerAuth, type TokenSource } from "@ameide/auth";
import {
  TransformationWorkCommandService,
  TransformationWorkQueryService,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";

/** The Domain write and read surfaces an executor reports through. */
export interface DomainClient {
  readonly commands: Client<typeof TransformationWorkCommandService>;
  readonly queries: Client<typeof TransformationWorkQueryService>;
}

/** Connect clients of the Domain at `baseUrl`, calling with the executor's service token. */
export function createDomainClient(baseUrl: string, token: TokenSource): DomainClient {
  const transport = createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [bearerAuth(token)] });
  return { commands: createClient(TransformationWorkCommandService, transport), queries: createClient(TransformationWorkQueryService, transport) };
}

const transient = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.Internal, Code.Unknown, Code.ResourceExhausted]);

/**
 * Retries a command while the Domain is unreachable (every command is idempotent by key, so a
 * retry is safe); gives up after `budgetMs`, leaving the intent uncommitted for redelivery.
 */
export async function withRetry<T>(call: () => Promise<T>, budgetMs = 60_000): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await call();
    } catch (error) {
      const code = ConnectError.from(error).code;
      if (!transient.has(code) || Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}
