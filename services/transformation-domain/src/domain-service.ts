import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { createKafka, createOutboxRelay, kafkaReachable, type OutboxRelay } from "@ameide/eventing";
import { createLoggingInterceptor, type Logger, type ServiceAuth, startConnectServer } from "@ameide/service-kit";
import type { DomainDeps } from "./domain-deps.js";
import { domainErrorInterceptor } from "./domain-error-interceptor.js";
import { createRequestWorkWrites } from "./work/request-work-writes.js";
import { RegistrationHints } from "./repository/registration-hints.js";
import { domainRoutes } from "./routes.js";
import { startLeaseSweep } from "./work/lease-sweep.js";
import { defaultLeaseGraceSeconds } from "./work/work-decider.js";
import { createDomainDb, type DomainDatabase } from "./store/domain-database.js";
import { migrateDomainDb } from "./store/migrations.js";

/** How to run the Domain service. */
export interface DomainServiceConfig {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly port: number;
  readonly host?: string;
  /** Run the outbox relay in-process (default); off when relays run as their own deployment. */
  readonly relay?: boolean;
  /**
   * Sweep expired attempt leases in-process (default); off in the worker processes of a Domain
   * whose primary process sweeps (startDomainBackground).
   */
  readonly leaseSweep?: boolean;
  readonly logger: Logger;
  /** Who may call: every RPC is authorized by its access rule in proto. */
  readonly auth: ServiceAuth;
  /**
   * Work attempt leases: an attempt's timeout when the work names none (default 900 s, as the
   * executors' EXECUTOR_TIMEOUT_SECONDS), slack beyond it (default 60 s), and how often expired
   * ones are swept (default 5 s).
   */
  readonly leases?: { readonly defaultTimeoutSeconds?: number; readonly graceSeconds?: number; readonly sweepIntervalMs?: number };
}

/** A running Domain service. */
export interface DomainService {
  readonly url: string;
  readonly relay?: OutboxRelay;
  close(): Promise<void>;
}

function domainDeps(config: Pick<DomainServiceConfig, "leases">, db: Kysely<DomainDatabase>): DomainDeps {
  return {
    db,
    clock: () => new Date(),
    newId: randomUUID,
    producer: "transformation-domain",
    leaseGraceSeconds: config.leases?.graceSeconds ?? defaultLeaseGraceSeconds,
    defaultAttemptTimeoutSeconds: config.leases?.defaultTimeoutSeconds,
    registrations: new RegistrationHints(),
    requestWorkWrites: createRequestWorkWrites(db),
  };
}

/** The Domain's database, migrated, with the work besides answering calls that this process does. */
async function startDomainCore(
  config: Pick<DomainServiceConfig, "databaseUrl" | "kafkaBrokers" | "logger" | "leases">,
  parts: { readonly relay: boolean; readonly leaseSweep: boolean },
) {
  const db = createDomainDb(config.databaseUrl);
  await migrateDomainDb(db);
  const deps = domainDeps(config, db);
  const relay = parts.relay ? startRelay(config) : undefined;
  const leases = parts.leaseSweep ? startLeaseSweep(deps, config.logger, config.leases?.sweepIntervalMs) : undefined;
  return {
    db,
    deps,
    relay,
    async close() {
      await leases?.stop();
      await relay?.stop();
      await db.destroy();
    },
  };
}

/**
 * The Domain's work besides answering calls, for a primary process whose workers serve them: the
 * database migrated, expired leases swept and (unless `relay` is false: it runs elsewhere) the
 * outbox relayed to Kafka.
 */
export async function startDomainBackground(
  config: Pick<DomainServiceConfig, "databaseUrl" | "kafkaBrokers" | "logger" | "leases" | "relay">,
): Promise<{ close(): Promise<void> }> {
  return startDomainCore(config, { relay: config.relay !== false, leaseSweep: true });
}

/** Migrates the database, serves the Connect surfaces and (by default) relays the outbox and sweeps leases. */
export async function startDomainService(config: DomainServiceConfig): Promise<DomainService> {
  const core = await startDomainCore(config, { relay: config.relay !== false, leaseSweep: config.leaseSweep !== false });
  const { db, deps, relay } = core;
  const server = await startConnectServer({
    routes: domainRoutes(deps),
    port: config.port,
    host: config.host,
    // Logging sees the final outcome; authentication and validation run before any domain logic.
    interceptors: [createLoggingInterceptor(config.logger), domainErrorInterceptor],
    auth: config.auth,
    logger: config.logger,
    readiness: { postgres: () => sql`select 1`.execute(db).then(() => true), kafka: () => kafkaReachable(config.kafkaBrokers) },
    // Outbox lag: rows committed but not yet acknowledged by Kafka, and the oldest one's age.
    status: async () => ({ outbox: relay === undefined ? "relay runs elsewhere" : { ...(await relay.lag()), leader: relay.isLeader() } }),
  });
  return {
    url: server.url,
    relay,
    async close() {
      await server.close();
      await core.close();
    },
  };
}

/** Starts an outbox relay for the Domain database. */
export function startRelay(config: Pick<DomainServiceConfig, "databaseUrl" | "kafkaBrokers" | "logger">): OutboxRelay {
  const relay = createOutboxRelay({
    databaseUrl: config.databaseUrl,
    kafka: createKafka(config.kafkaBrokers, "transformation-domain-relay"),
    onError: (error, context) => config.logger.warn("outbox relay retrying", { context, error }),
  });
  relay.start();
  return relay;
}
