import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Timestamp, timestampMs } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { Client, Connection } from "@temporalio/client";
import { DefaultFailureConverter } from "@temporalio/common";
import { NativeConnection, Worker } from "@temporalio/worker";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { OutboxTable } from "@ameide/eventing";
import { TransformationKnowledgeCommandService } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import {
  TransformationWorkCommandService,
  TransformationWorkQueryService,
} from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { payloadConverter, payloadConverterPath } from "@ameide/temporal-protobuf";
import { loadExecutorConfig } from "@ameide/transformation-executor";
import { createActivities, processInstancePrefix } from "@ameide/transformation-process";
import { abortable } from "./abortable.js";
import type { NoopRepo } from "./noop-repo.js";
import { createBenchActivities } from "./process-bench-activities.js";
import { type DelegatedItem, delegatedNoops, type InlineItem, inlineNoops, type NoopRunInput, type NoopRunResult } from "./process-bench-workflows.js";
import { benchCaller, benchPlatformAuth } from "./bench-auth.js";

/** Where the overhead is measured: the running platform and the stack under it. */
export interface OverheadOptions {
  readonly temporalAddress: string;
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly domainUrl: string;
  readonly repo: NoopRepo;
  readonly items: number;
  readonly warmUpItems: number;
  /** Parent of the inline tool runs' work directories. */
  readonly workRoot: string;
  readonly progress: (message: string) => void;
  readonly signal: AbortSignal;
}

/** A delegated item with the Domain's own times of its WorkRequest. */
export interface DelegatedTiming extends DelegatedItem {
  /** `requested_at` -> `started_at`: the intent's way to an executor, which records the start. */
  readonly deliveryMs: number;
  /** `started_at` -> `finished_at`: checkout, command, evidence, RecordWorkOutcome. */
  readonly executionMs: number;
}

/** Both paths over the same number of items. */
export interface OverheadResult {
  readonly delegated: NoopRunResult<DelegatedTiming>;
  readonly inline: NoopRunResult<InlineItem>;
}

const scope = { tenantId: "bench", organizationId: "bench-org", repositoryId: "noop" };

/**
 * Runs a bench worker (its own task queue) next to the platform, warms both paths up, then runs
 * `items` delegated no-op tool runs and as many inline ones, one workflow each.
 */
export async function measureDelegationOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const stamp = `${Date.now()}-${process.pid}`;
  const taskQueue = `process-bench.v1.${stamp}`;
  const activities = benchActivities(options);
  const nativeConnection = await NativeConnection.connect({ address: options.temporalAddress });
  const connection = await Connection.connect({ address: options.temporalAddress });
  try {
    const client = new Client({
      connection,
      namespace: "default",
      dataConverter: { payloadConverter, failureConverter: new DefaultFailureConverter(), payloadCodecs: [] } as never,
    });
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: "default",
      taskQueue,
      workflowsPath: fileURLToPath(new URL("./process-bench-workflows.ts", import.meta.url)),
      activities: activities.activities,
      dataConverter: { payloadConverterPath },
    });
    const input = (items: number): NoopRunInput => ({ items, repoUrl: options.repo.url, commitSha: options.repo.commitSha, scope });
    const start = async <T>(workflow: (input: NoopRunInput) => Promise<T>, name: string, items: number): Promise<T> => {
      const handle = await client.workflow.start(workflow, { workflowId: `${name}-${stamp}`, taskQueue, args: [input(items)] });
      try {
        return await abortable(handle.result(), options.signal);
      } catch (error) {
        if (options.signal.aborted) await handle.terminate("process-bench interrupted").catch(() => undefined);
        throw error;
      }
    };
    // The delegated workflow's id carries the run prefix: the platform's ingress routes only those.
    const delegatedId = `${processInstancePrefix}bench-delegated`;
    return await worker.runUntil(async () => {
      options.progress(`warm-up: ${options.warmUpItems} delegated, ${options.warmUpItems} inline no-op tool runs`);
      await start(delegatedNoops, `${delegatedId}-warmup`, options.warmUpItems);
      await start(inlineNoops, "bench-inline-warmup", options.warmUpItems);
      options.progress(`delegated: ${options.items} no-op tool runs`);
      const delegated = await withDomainTimes(options.domainUrl, await start(delegatedNoops, delegatedId, options.items));
      options.progress(`inline: ${options.items} no-op tool runs`);
      const inline = await start(inlineNoops, "bench-inline", options.items);
      return { delegated, inline };
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
    await activities.close();
  }
}

/** Reads each item's WorkRequest back from the Domain for its requested/started/finished times. */
async function withDomainTimes(domainUrl: string, run: NoopRunResult<DelegatedItem>): Promise<NoopRunResult<DelegatedTiming>> {
  const queries = createClient(
    TransformationWorkQueryService,
    createConnectTransport({ baseUrl: domainUrl, httpVersion: "1.1", interceptors: [benchCaller(["viewer"])] }),
  );
  const items: DelegatedTiming[] = [];
  for (const item of run.items) {
    const { workRequest } = await queries.getWorkRequest({ scope, workRequestId: item.workRequestId });
    const at = (t: Timestamp | undefined) => (t === undefined ? Number.NaN : timestampMs(t));
    items.push({
      ...item,
      deliveryMs: at(workRequest?.startedAt) - at(workRequest?.requestedAt),
      executionMs: at(workRequest?.finishedAt) - at(workRequest?.startedAt),
    });
  }
  return { ...run, items };
}

/** `requestWork` exactly as the Process service wires it (to the platform's Domain), plus the inline run. */
function benchActivities(options: OverheadOptions) {
  const transport = createConnectTransport({ baseUrl: options.domainUrl, httpVersion: "1.1", interceptors: [benchCaller(["process"])] });
  // Only requestWork is used; the outbox (emitProcessFacts) is not, and a pg pool connects lazily.
  const db = new Kysely<{ outbox: OutboxTable }>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseUrl, max: 1 }) }) });
  const processActivities = createActivities({
    db,
    work: createClient(TransformationWorkCommandService, transport),
    knowledge: createClient(TransformationKnowledgeCommandService, transport),
  });
  const executorConfig = loadExecutorConfig(
    "toolrun.generate",
    {
      domainUrl: options.domainUrl,
      kafkaBrokers: options.kafkaBrokers,
      serviceToken: benchPlatformAuth.serviceToken("bench-executor", "executor:toolrun.generate"),
    },
    { ...process.env, EXECUTOR_WORK_ROOT: join(options.workRoot, "inline") },
  );
  return { activities: createBenchActivities({ process: processActivities, executorConfig }), close: () => db.destroy() };
}
