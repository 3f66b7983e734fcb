import { Code, ConnectError, type Client } from "@connectrpc/connect";
import type { Kysely } from "kysely";
import { partitionKey } from "@ameide/contracts";
import { type OutboxTable, outboxEntry } from "@ameide/eventing";
import type { TransformationProcessFact } from "@ameide/proto/ameide_core_proto/process/transformation/v1/process_transformation_facts_pb";
import type { Element } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_element_pb";
import type {
  DraftElementRequest,
  TransformationKnowledgeCommandService,
} from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import type { WorkRequest } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type {
  CancelWorkRequest,
  RequestWorkRequest,
  TransformationWorkCommandService,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { ApplicationFailure } from "@temporalio/common";

/** What the activities talk to: the process outbox and the Domain write surfaces. */
export interface ActivityDeps {
  readonly db: Kysely<{ outbox: OutboxTable }>;
  readonly work: Client<typeof TransformationWorkCommandService>;
  readonly knowledge: Client<typeof TransformationKnowledgeCommandService>;
}

/** The run workflow's side effects; each is idempotent, so Temporal may retry it freely. */
export function createActivities(deps: ActivityDeps) {
  return {
    /**
     * Emits progress facts through the Process outbox: durable once this returns, relayed to
     * Kafka afterwards. A retry inserts nothing twice (message ids are deterministic and unique).
     */
    async emitProcessFacts(...facts: TransformationProcessFact[]): Promise<void> {
      const rows = facts.map((fact) =>
        outboxEntry("transformation.process.facts.v1", fact, partitionKey(fact.meta?.scope?.tenantId ?? "", fact.process?.processInstanceId ?? "")),
      );
      await deps.db
        .insertInto("outbox")
        .values(
          rows.map((e) => ({
            topic: e.topic,
            partition_key: e.partitionKey,
            message_id: e.messageId,
            type_name: e.typeName,
            payload: e.payload,
            headers: e.headers,
            sent_at: null,
          })),
        )
        .onConflict((oc) => oc.column("message_id").doNothing())
        .execute();
    },

    /** Delegates work: RequestWork is idempotent on client_request_id. */
    async requestWork(request: RequestWorkRequest): Promise<WorkRequest> {
      const { workRequest } = await domainCall(() => deps.work.requestWork(request));
      if (workRequest === undefined) throw ApplicationFailure.nonRetryable("RequestWork returned no WorkRequest");
      return workRequest;
    },

    /** Drafts (or re-drafts) a promotable artifact. */
    async draftElement(request: DraftElementRequest): Promise<Element> {
      const { element } = await domainCall(() => deps.knowledge.draftElement(request));
      if (element === undefined) throw ApplicationFailure.nonRetryable("DraftElement returned no element");
      return element;
    },

    /** Cancels outstanding work of a cancelled run; work that already ended is left as it is. */
    async cancelWork(request: CancelWorkRequest): Promise<void> {
      try {
        await deps.work.cancelWork(request);
      } catch (error) {
        if (ConnectError.from(error).code !== Code.FailedPrecondition) throw error;
      }
    },
  };
}

/** Domain refusals are final (retrying cannot help); anything else is retried by Temporal. */
async function domainCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const e = ConnectError.from(error);
    if ([Code.InvalidArgument, Code.AlreadyExists, Code.FailedPrecondition, Code.NotFound].includes(e.code)) {
      throw ApplicationFailure.nonRetryable(`domain refused: ${e.rawMessage}`, Code[e.code]);
    }
    throw error;
  }
}

/** The activity functions, for `proxyActivities<RunActivities>()`. */
export type RunActivities = ReturnType<typeof createActivities>;
