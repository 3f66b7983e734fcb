import { join } from "node:path";
import { tmpdir } from "node:os";
import { createLogger, type Logger, resolveServiceEnv } from "@ameide/service-kit";
import { startDomainService } from "@ameide/transformation-domain";
import { type ExecutorConfig, loadExecutorConfig, startExecutorPool } from "@ameide/transformation-executor";
import { startProcessService } from "@ameide/transformation-process";
import { projectedTopics, projectionGroupFor, startProjectionService } from "@ameide/transformation-projection";
import { executorClasses, type QueueRef } from "@ameide/contracts";
import { createKafka } from "@ameide/eventing";
import { executorRole } from "@ameide/auth";
import type { PlatformAuth } from "./platform-auth.js";
import { leasesFromEnv } from "./serve.js";

/** How to run the whole platform in one process. */
export interface PlatformOptions {
  readonly domainPort: number;
  readonly processPort: number;
  /** Default 0: any free port. */
  readonly projectionPort?: number;
  readonly host?: string;
  /** Database name suffix and consumer-group suffix, so a demo does not share state with `ameide up`. */
  readonly instance?: string;
  /** Extra executor environment (CODEX_HOME, CODEX_BIN, GITOPS_REPO_URL, ...). */
  readonly executorEnv?: Record<string, string>;
  readonly logger?: Logger;
  /** How services verify callers and the service tokens they call each other with. */
  readonly auth: PlatformAuth;
}

/** The running platform. */
export interface Platform {
  readonly domainUrl: string;
  readonly processUrl: string;
  readonly projectionUrl: string;
  /** Restarts one executor class with a different environment (e.g. without Codex credentials). */
  restartExecutor(queueRef: QueueRef, env: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** Starts Domain, Process (worker, API, ingress, relay), the projection and one executor pool per class. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const logger = options.logger ?? createLogger({ service: "ameide-platform" });
  const suffix = options.instance ? `_${options.instance}` : "";
  const domainEnv = await resolveServiceEnv(`ameide_domain${suffix}`, process.env, ["DATABASE_URL", "KAFKA_BROKERS"]);
  const processEnv = await resolveServiceEnv(`ameide_process${suffix}`);
  const projectionEnv = await resolveServiceEnv(`ameide_projection${suffix}`, process.env, ["DATABASE_URL", "KAFKA_BROKERS"]);
  const projectionGroup = options.instance ? `transformation-projection.v1.${options.instance}` : undefined;
  if (projectionGroup !== undefined) {
    await startNewGroupsAtEnd(
      projectionEnv.kafkaBrokers,
      projectedTopics.map((topic) => ({ groupId: projectionGroupFor(projectionGroup, topic), topic })),
    );
  }
  // The console (served by the projection) sends decisions to the Process API and links Temporal's UI.
  const consoleSettings: { processUrl?: string; temporalUiUrl?: string } = { temporalUiUrl: processEnv.temporalUiUrl };
  const projection = await startProjectionService({
    console: () => consoleSettings,
    evidenceUrl: options.executorEnv?.EVIDENCE_STORE_URL ?? process.env.EVIDENCE_STORE_URL ?? `file://${join(tmpdir(), "ameide-evidence")}`,
    databaseUrl: projectionEnv.databaseUrl,
    kafkaBrokers: projectionEnv.kafkaBrokers,
    port: options.projectionPort ?? 0,
    host: options.host,
    groupId: projectionGroup,
    logger: logger.child({ service: "transformation-projection" }),
    auth: options.auth.service,
  });
  const domain = await startDomainService({
    databaseUrl: domainEnv.databaseUrl,
    kafkaBrokers: domainEnv.kafkaBrokers,
    port: options.domainPort,
    host: options.host,
    logger: logger.child({ service: "transformation-domain" }),
    auth: options.auth.service,
    leases: leasesFromEnv({ ...process.env, ...options.executorEnv }),
  });
  const processService = await startProcessService({
    databaseUrl: processEnv.databaseUrl,
    kafkaBrokers: processEnv.kafkaBrokers,
    temporalAddress: processEnv.temporalAddress,
    domainUrl: domain.url,
    port: options.processPort,
    host: options.host,
    taskQueue: options.instance ? `transformation-process.v1.${options.instance}` : undefined,
    ingressGroupId: options.instance ? `transformation-process.v1.ingress.${options.instance}` : undefined,
    logger: logger.child({ service: "transformation-process" }),
    auth: options.auth.service,
    serviceToken: options.auth.serviceToken("transformation-process", "process"),
    corsOrigins: [new URL(projection.url).origin, ...(processEnv.temporalUiUrl ? [new URL(processEnv.temporalUiUrl).origin] : [])],
  });
  consoleSettings.processUrl = processService.url;
  const configFor = (queueRef: string, env: Record<string, string>): ExecutorConfig => {
    const config = loadExecutorConfig(
      queueRef,
      {
        domainUrl: domain.url,
        kafkaBrokers: domainEnv.kafkaBrokers,
        serviceToken: options.auth.serviceToken(`transformation-executor/${queueRef}`, executorRole(queueRef)),
      },
      { ...process.env, EXECUTOR_WORK_ROOT: join(tmpdir(), `ameide-executor${suffix}`), ...options.executorEnv, ...env },
    );
    return options.instance ? { ...config, groupId: `${config.groupId}.${options.instance}` } : config;
  };
  if (options.instance)
    await startNewGroupsAtEnd(
      domainEnv.kafkaBrokers,
      executorClasses.map((q) => configFor(q, {})),
    );
  const pools = new Map<string, { stop(): Promise<void> }>();
  for (const queueRef of executorClasses) {
    pools.set(queueRef, await startExecutorPool(configFor(queueRef, {}), logger.child({ service: "transformation-executor", queue_ref: queueRef })));
  }
  return {
    domainUrl: domain.url,
    processUrl: processService.url ?? "",
    projectionUrl: projection.url,
    async restartExecutor(queueRef, env) {
      await pools.get(queueRef)?.stop();
      pools.set(queueRef, await startExecutorPool(configFor(queueRef, env), logger.child({ service: "transformation-executor", queue_ref: queueRef })));
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.stop()));
      await processService.close();
      await domain.close();
      await projection.close();
    },
  };
}

/**
 * A separate platform instance (e.g. the demo) gets its own consumer groups; new ones start at the
 * topics' current end instead of working through messages that belong to other instances.
 */
async function startNewGroupsAtEnd(brokers: string, configs: ReadonlyArray<{ groupId: string; topic: string }>): Promise<void> {
  const admin = await createKafka(brokers, "ameide-platform").admin();
  try {
    for (const config of configs) {
      const committed = await admin.committedOffsets(config.groupId, config.topic);
      if (committed.some((p) => p.offset !== "-1")) continue;
      await admin.setCommittedOffsets(config.groupId, config.topic, await admin.endOffsets(config.topic));
    }
  } finally {
    await admin.close();
  }
}
