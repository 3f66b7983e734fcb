import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { createStackController, loadStackConfig, type StackConfig } from "@ameide/stack";
import { ExitCode } from "./cli-errors.js";
import type { SupervisorState } from "./supervisor.js";
import { platformEndpoints, platformPid, supervisorState } from "./up-command.js";

const run = promisify(execFile);

/** What `ameide doctor` found. */
interface DoctorReport {
  readonly node: { version: string; path: string; supported: boolean };
  readonly engines: Array<{ engine: string; mode: string; state: string; address: string; version?: string; pid?: number }>;
  readonly platform: {
    pid?: number;
    supervisor?: SupervisorState;
    services: Array<{ service: string; url: string; healthy: boolean; engines?: Record<string, string> }>;
  };
  readonly ports: Array<{ port: number; use: string; inUse: boolean }>;
  readonly caches: Array<{ path: string; bytes: number }>;
}

/** `ameide doctor [--json]`: exits 1 when an engine is not running. */
export async function doctorCommand(json: boolean): Promise<number> {
  const config = loadStackConfig();
  const report: DoctorReport = {
    node: { version: process.version, path: process.execPath, supported: Number(process.versions.node.split(".")[0]) >= 24 },
    engines: await engines(config),
    platform: { pid: platformPid(), supervisor: platformPid() === undefined ? undefined : supervisorState(), services: await services() },
    ports: await ports(config),
    caches: await caches(config.cacheDir),
  };
  console.log(json ? JSON.stringify(report, null, 2) : render(report));
  return report.engines.every((e) => e.state === "running") ? ExitCode.Ok : ExitCode.Failed;
}

async function engines(config: StackConfig): Promise<DoctorReport["engines"]> {
  const statuses = await createStackController(config).status();
  return Promise.all(
    statuses.map(async (s) => ({
      engine: s.engine,
      mode: s.mode,
      state: s.state,
      address: s.address,
      pid: s.pid,
      version: s.state === "running" ? await engineVersion(s.engine, s.address, config).catch(() => undefined) : undefined,
    })),
  );
}

async function engineVersion(engine: string, address: string, config: StackConfig): Promise<string | undefined> {
  switch (engine) {
    case "postgres": {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: address, connectionTimeoutMillis: 2000 });
      await client.connect();
      try {
        const version = (await client.query<{ server_version: string }>("show server_version")).rows[0]?.server_version;
        const fsync = (await client.query<{ fsync: string }>("show fsync")).rows[0]?.fsync;
        return `${version}, ${fsync === "on" ? "durable (fsync on)" : "fast (fsync off: a crash can lose commits)"}`;
      } finally {
        await client.end();
      }
    }
    case "kafka":
      return config.kafka.externalBrokers === undefined ? `${config.kafka.version} (KRaft, managed)` : "external";
    case "temporal": {
      const { Connection } = await import("@temporalio/client");
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        const info = await connection.workflowService.getSystemInfo({});
        return `server ${info.serverVersion}${config.temporal.externalAddress === undefined ? `, CLI ${config.temporal.cliVersion}` : ""}`;
      } finally {
        await connection.close();
      }
    }
    default:
      return undefined;
  }
}

async function services(): Promise<DoctorReport["platform"]["services"]> {
  return Promise.all(
    Object.entries(platformEndpoints).map(async ([service, url]) => ({
      service,
      url,
      healthy: await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      ),
      // What the service itself sees of its engines (GET /readyz).
      engines: await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3000) }).then(
        async (r) => ((await r.json()) as { engines?: Record<string, string> }).engines,
        () => undefined,
      ),
    })),
  );
}

async function ports(config: StackConfig): Promise<DoctorReport["ports"]> {
  const wanted: Array<[number, string]> = [
    [config.postgres.port, "postgres"],
    [config.kafka.port, "kafka"],
    [config.kafka.controllerPort, "kafka controller"],
    [config.temporal.port, "temporal"],
    [config.temporal.uiPort, "temporal ui"],
    [8081, "domain"],
    [8082, "process"],
    [8083, "projection"],
  ];
  const { createConnection } = await import("node:net");
  const inUse = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: "127.0.0.1" });
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
  return Promise.all(wanted.map(async ([port, use]) => ({ port, use, inUse: await inUse(port) })));
}

async function caches(cacheDir: string): Promise<DoctorReport["caches"]> {
  if (!existsSync(cacheDir)) return [];
  const dirs = readdirSync(cacheDir).map((name) => join(cacheDir, name));
  return Promise.all(dirs.map(async (path) => ({ path, bytes: Number((await run("du", ["-sb", path])).stdout.split("\t")[0]) })));
}

function render(r: DoctorReport): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  return [
    `node       ${r.node.version} (${r.node.path})${r.node.supported ? "" : "  <- Node.js >= 24 is required: run `bash scripts/demo.sh` once to fetch it"}`,
    ...r.engines.map(
      (e) =>
        `${e.engine.padEnd(10)} ${e.state.padEnd(11)} ${e.mode.padEnd(8)} ${e.address}${e.version ? `  ${e.version}` : ""}${e.pid ? `  pid ${e.pid}` : ""}`,
    ),
    ...r.platform.services.map(
      (s) =>
        `${s.service.padEnd(10)} ${(s.healthy ? "healthy" : "down").padEnd(11)} ${"service".padEnd(8)} ${s.url}${s.healthy && r.platform.pid ? `  pid ${r.platform.pid}` : ""}${
          s.engines
            ? `  sees ${Object.entries(s.engines)
                .map(([e, state]) => `${e} ${state}`)
                .join(", ")}`
            : ""
        }`,
    ),
    ...(r.platform.supervisor === undefined
      ? []
      : [
          `supervisor pid ${r.platform.supervisor.supervisorPid}, platform pid ${r.platform.supervisor.childPid ?? "(restarting)"}, ${r.platform.supervisor.restarts} restart(s)${r.platform.supervisor.lastExit ? `, last exit code ${r.platform.supervisor.lastExit.code} signal ${r.platform.supervisor.lastExit.signal} at ${r.platform.supervisor.lastExit.at}` : ""}`,
        ]),
    `ports      ${r.ports.map((p) => `${p.port} ${p.use} ${p.inUse ? "in use" : "free"}`).join(", ")}`,
    ...r.caches.map((c) => `cache      ${c.path}  ${mb(c.bytes)}`),
  ].join("\n");
}
