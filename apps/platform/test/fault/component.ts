// One platform component as an OS process of its own, so the fault-injection tier can kill -9 it:
//   node --import tsx --conditions=@ameide/source component.ts <domain|process|projection|executor:<class>>
// Its configuration comes as JSON in FAULT_COMPONENT_CONFIG (databases, ports, groups, repositories).
import { executorRole, openLocalIssuer } from "@ameide/auth";
import { createLogger, runUntilSignal } from "@ameide/service-kit";
import { startDomainService } from "@ameide/transformation-domain";
import { loadExecutorConfig, startExecutorPool } from "@ameide/transformation-executor";
import { startProcessService } from "@ameide/transformation-process";
import { startProjectionService } from "@ameide/transformation-projection";
import { localPlatformAuth } from "../../src/platform-auth.js";

/** What every component of one fault run shares. */
export interface ComponentConfig {
  readonly issuerDir: string;
  readonly kafkaBrokers: string;
  readonly temporalAddress: string;
  readonly databases: { readonly domain: string; readonly process: string; readonly projection: string };
  readonly ports: { readonly domain: number; readonly process: number; readonly projection: number };
  readonly taskQueue: string;
  readonly ingressGroupId: string;
  readonly projectionGroupId: string;
  readonly executorGroups: Record<string, string>;
  readonly executorEnv: Record<string, string>;
  readonly attemptTimeoutSeconds: number;
}

const [component = ""] = process.argv.slice(2);
const config = JSON.parse(process.env.FAULT_COMPONENT_CONFIG ?? "{}") as ComponentConfig;
const logger = createLogger({ component }, { level: "warn" });
const auth = localPlatformAuth(await openLocalIssuer(config.issuerDir));
const host = "127.0.0.1";

async function start(): Promise<{ close(): Promise<void> }> {
  if (component === "domain") {
    return startDomainService({
      databaseUrl: config.databases.domain,
      kafkaBrokers: config.kafkaBrokers,
      port: config.ports.domain,
      host,
      logger,
      auth: auth.service,
      leases: { defaultTimeoutSeconds: config.attemptTimeoutSeconds, graceSeconds: 5, sweepIntervalMs: 1000 },
    });
  }
  if (component === "process") {
    return startProcessService({
      databaseUrl: config.databases.process,
      kafkaBrokers: config.kafkaBrokers,
      temporalAddress: config.temporalAddress,
      domainUrl: `http://${host}:${config.ports.domain}`,
      port: config.ports.process,
      host,
      taskQueue: config.taskQueue,
      ingressGroupId: config.ingressGroupId,
      logger,
      auth: auth.service,
      serviceToken: auth.serviceToken("transformation-process", "process"),
    });
  }
  if (component === "projection") {
    return startProjectionService({
      databaseUrl: config.databases.projection,
      kafkaBrokers: config.kafkaBrokers,
      port: config.ports.projection,
      host,
      groupId: config.projectionGroupId,
      logger,
      auth: auth.service,
    });
  }
  if (component.startsWith("executor:")) {
    const queueRef = component.slice("executor:".length);
    const executor = loadExecutorConfig(
      queueRef,
      {
        domainUrl: `http://${host}:${config.ports.domain}`,
        kafkaBrokers: config.kafkaBrokers,
        serviceToken: auth.serviceToken(`executor/${queueRef}`, executorRole(queueRef)),
      },
      {
        ...process.env,
        ...config.executorEnv,
        EXECUTOR_GROUP_ID: config.executorGroups[queueRef] ?? "",
        EXECUTOR_TIMEOUT_SECONDS: String(config.attemptTimeoutSeconds),
      },
    );
    const pool = await startExecutorPool(executor, logger);
    return { close: () => pool.stop() };
  }
  throw new Error(`unknown component "${component}"`);
}

// Engines may be restarting when a component (re)starts: keep trying, as a supervisor would.
for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 5000)) {
  try {
    const running = await start();
    console.log(`${component} ready`);
    process.exitCode = await runUntilSignal(() => running.close(), logger);
    break;
  } catch (error) {
    console.error(`${component} could not start (retrying): ${(error as Error).message}`);
    await new Promise((r) => setTimeout(r, delayMs));
  }
}
