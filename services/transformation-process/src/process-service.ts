import { fileURLToPath } from "node:url";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection, Worker } from "@temporalio/worker";
import { createKafka, createOutboxRelay, kafkaReachable, type OutboxRelay, type TopicConsumer } from "@ameide/eventing";
import { sql } from "kysely";
import { TransformationKnowledgeCommandService } from "@ameide/proto/ameide_core_proto/transformation/knowledge/v1/transformation_knowledge_service_pb";
import { TransformationWorkCommandService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { bearerAuth, type TokenSource } from "@ameide/auth";
import { createLoggingInterceptor, type Logger, type ServiceAuth, startConnectServer } from "@ameide/service-kit";
import { decodePayloads, payloadConverterPath } from "@ameide/temporal-protobuf";
import { typeRegistry } from "@ameide/proto/ameide_core_proto/type_registry";
import { createActivities } from "./activities.js";
import { startFactIngress } from "./fact-ingress.js";
import { openProcessDb } from "./process-database.js";
import { processRoutes } from "./process-routes.js";
import { processTaskQueue } from "./workflows/definitions.js";

// Temporal require()s the payload converter module on the worker's main thread: run from source,
// that module is TypeScript, so require() must be able to load it.
const fromSource = import.meta.url.endsWith(".ts");
if (fromSource) (await import("tsx/cjs/api")).register();

/** How to run the Process service; every part can be switched off to run it alone. */
export interface ProcessServiceConfig {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly temporalAddress: string;
  readonly domainUrl: string;
  readonly port: number;
  readonly host?: string;
  readonly namespace?: string;
  readonly taskQueue?: string;
  readonly ingressGroupId?: string;
  readonly parts?: { worker?: boolean; api?: boolean; ingress?: boolean; relay?: boolean };
  readonly logger: Logger;
  /** Who may call the Process API: every RPC is authorized by its access rule in proto. */
  readonly auth: ServiceAuth;
  /** The Process service token (role `process`) its activities send to the Domain. */
  readonly serviceToken: TokenSource;
  /** Browser origins that call the Process API (the web console) or its codec endpoint (Temporal's Web UI). */
  readonly corsOrigins?: readonly string[];
}

/** A running Process service. */
export interface ProcessService {
  readonly url?: string;
  readonly client: Client;
  close(): Promise<void>;
}

/** Starts the Temporal worker, the Process API, the fact ingress and the outbox relay. */
export async function startProcessService(config: ProcessServiceConfig): Promise<ProcessService> {
  const parts = { worker: true, api: true, ingress: true, relay: true, ...config.parts };
  const taskQueue = config.taskQueue ?? processTaskQueue;
  const namespace = config.namespace ?? "default";
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({
    connection,
    namespace,
    dataConverter: { payloadConverterPath },
  });
  const closers: Array<() => Promise<void>> = [() => connection.close()];

  const db = parts.worker || parts.relay ? await openProcessDb(config.databaseUrl) : undefined;
  if (db !== undefined) closers.unshift(() => db.destroy());
  if (parts.worker && db !== undefined) closers.unshift(await startWorker(config, db, taskQueue, namespace));
  let relay: OutboxRelay | undefined;
  if (parts.relay) {
    relay = createOutboxRelay({
      databaseUrl: config.databaseUrl,
      kafka: createKafka(config.kafkaBrokers, "transformation-process-relay"),
      onError: (error, context) => config.logger.warn("process outbox relay retrying", { context, error }),
    });
    relay.start();
    const r = relay;
    closers.unshift(() => r.stop());
  }
  let ingress: TopicConsumer | undefined;
  if (parts.ingress) {
    ingress = await startFactIngress({ brokers: config.kafkaBrokers, temporal: client, logger: config.logger, groupId: config.ingressGroupId, taskQueue });
    const i = ingress;
    closers.unshift(() => i.stop());
  }
  let url: string | undefined;
  if (parts.api) {
    const server = await startConnectServer({
      routes: processRoutes(client, taskQueue),
      port: config.port,
      host: config.host,
      interceptors: [createLoggingInterceptor(config.logger)],
      auth: config.auth,
      corsOrigins: config.corsOrigins,
      // Temporal's remote codec protocol: its Web UI shows this platform's protobuf payloads as JSON.
      endpoints: {
        "POST /codec/decode": ({ body }) => Promise.resolve({ status: 200, json: decodePayloads(typeRegistry, JSON.parse(body.toString("utf8") || "{}")) }),
      },
      logger: config.logger,
      readiness: {
        ...(db === undefined ? {} : { postgres: () => sql`select 1`.execute(db).then(() => true) }),
        kafka: () => kafkaReachable(config.kafkaBrokers),
        temporal: () => connection.workflowService.getSystemInfo({}).then(() => true),
      },
    });
    url = server.url;
    closers.unshift(() => server.close());
  }
  return {
    url,
    client,
    async close() {
      for (const close of closers) await close();
    },
  };
}

async function startWorker(
  config: ProcessServiceConfig,
  db: Awaited<ReturnType<typeof openProcessDb>>,
  taskQueue: string,
  namespace: string,
): Promise<() => Promise<void>> {
  const transport = createConnectTransport({ baseUrl: config.domainUrl, httpVersion: "1.1", interceptors: [bearerAuth(config.serviceToken)] });
  const activities = createActivities({
    db,
    work: createClient(TransformationWorkCommandService, transport),
    knowledge: createClient(TransformationKnowledgeCommandService, transport),
  });
  const nativeConnection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL(fromSource ? "./workflows/index.ts" : "./workflows/index.js", import.meta.url)),
    activities,
    dataConverter: { payloadConverterPath },
  });
  const running = worker.run();
  config.logger.info("process worker running", { task_queue: taskQueue });
  return async () => {
    worker.shutdown();
    await running;
    await nativeConnection.close();
  };
}
