import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { createKafka, createOutboxRelay, type OutboxRelay } from "@ameide/eventing";
import { TransformationRepositoryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";
import { freePort } from "@ameide/testkit";
import { benchCaller } from "./bench-auth.js";

/** A Domain service run as `ameide serve domain --workers N`, as it is deployed. */
export interface DomainProcess {
  readonly url: string;
  /** The primary process (its workers are its children). */
  readonly pid: number;
  /** Reads the outbox's lag (it does not publish: the service's primary process does). */
  readonly relay: OutboxRelay;
  close(): Promise<void>;
}

const root = join(import.meta.dirname, "..");

/** Starts the Domain on a free port with `workers` worker processes; resolves once it is ready. */
export async function startDomainProcess(options: { databaseUrl: string; kafkaBrokers: string; workers: number }): Promise<DomainProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, "bin/ameide.mjs"), "serve", "domain", "--port", String(port), "--workers", String(options.workers)], {
    env: { ...process.env, DATABASE_URL: options.databaseUrl, KAFKA_BROKERS: options.kafkaBrokers, AMEIDE_AUTH_MODE: "local", LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await untilReady(url, child, options.workers);
  const relay = createOutboxRelay({ databaseUrl: options.databaseUrl, kafka: createKafka(options.kafkaBrokers, "domain-bench-lag") });
  return {
    url,
    pid: child.pid ?? 0,
    relay,
    async close() {
      await relay.stop();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Registers the benchmark's repository for a tenant (RequestWork needs it). */
export async function registerBenchRepository(baseUrl: string, tenantId: string): Promise<void> {
  const admin = createClient(TransformationRepositoryService, createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [benchCaller(["admin"])] }));
  await admin.registerRepository({ context: { scope: { tenantId, repositoryId: "bench-repo" } }, cloneUrl: "file:///srv/bench.git" });
}

async function untilReady(url: string, child: ChildProcess, workers: number): Promise<void> {
  const giveUpAt = Date.now() + 60_000;
  // Every worker must be listening: a connection may reach any of them.
  let readyInARow = 0;
  while (readyInARow < workers * 4) {
    if (child.exitCode !== null) throw new Error(`ameide serve domain exited with ${child.exitCode}`);
    if (Date.now() > giveUpAt) throw new Error("the Domain service did not become ready in 60 s");
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    readyInARow = ok ? readyInARow + 1 : 0;
    await new Promise((r) => setTimeout(r, ok ? 50 : 250));
  }
}
