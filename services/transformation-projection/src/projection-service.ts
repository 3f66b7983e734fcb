import { createLoggingInterceptor, type Logger, type ServiceAuth, startConnectServer } from "@ameide/service-kit";
import { sql } from "kysely";
import { consoleFiles } from "@ameide/console";
import { kafkaReachable } from "@ameide/eventing";
import { startBoardNotifier } from "./board-notifier.js";
import { startProjectionConsumers } from "./projection-consumer.js";
import { openProjectionDb } from "./projection-database.js";
import { projectionRoutes } from "./projection-routes.js";
import { evidenceEndpoint } from "./evidence-endpoint.js";

/** How to run the projection. */
export interface ProjectionServiceConfig {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly port: number;
  readonly host?: string;
  /** Consumer group; a rebuild into a fresh database uses a fresh group. */
  readonly groupId?: string;
  readonly logger: Logger;
  /** Who may read: every RPC is authorized by its access rule in proto. */
  readonly auth: ServiceAuth;
  /** What the web console needs to know besides this origin: where to send decisions, where Temporal's UI is. */
  readonly console?: () => { processUrl?: string; temporalUiUrl?: string };
  /** The executors' evidence store (a `file://` root), served to the console within the caller's tenant. */
  readonly evidenceUrl?: string;
}

/** A running projection. */
export interface ProjectionService {
  readonly url: string;
  close(): Promise<void>;
}

/** Consumes the fact topics into Postgres and serves the Kanban query and updates surfaces. */
export async function startProjectionService(config: ProjectionServiceConfig): Promise<ProjectionService> {
  const db = await openProjectionDb(config.databaseUrl);
  const notifier = await startBoardNotifier(config.databaseUrl);
  const consumers = await startProjectionConsumers({ db, brokers: config.kafkaBrokers, groupId: config.groupId, logger: config.logger });
  const server = await startConnectServer({
    routes: projectionRoutes(db, notifier),
    port: config.port,
    host: config.host,
    interceptors: [createLoggingInterceptor(config.logger)],
    auth: config.auth,
    logger: config.logger,
    readiness: { postgres: () => sql`select 1`.execute(db).then(() => true), kafka: () => kafkaReachable(config.kafkaBrokers) },
    // The web console, same origin as the API it reads.
    staticFiles: consoleFiles,
    endpoints: {
      "GET /console/config.json": () => Promise.resolve({ status: 200, json: config.console?.() ?? {} }),
      ...(config.evidenceUrl === undefined ? {} : { "GET /evidence/*": evidenceEndpoint(db, config.auth.verifier, config.evidenceUrl) }),
    },
  });
  return {
    url: server.url,
    async close() {
      await server.close();
      await Promise.all(consumers.map((c) => c.stop()));
      await notifier.close();
      await db.destroy();
    },
  };
}
