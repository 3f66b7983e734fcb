import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chown, mkdir, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { assertPortsFree, assertReachable } from "./checks.js";
import type { StackConfig } from "./config.js";
import type { Engine, EngineStatus } from "./engine.js";
import { StackError } from "./errors.js";
import { runCommand } from "./process.js";
import type { Progress } from "./progress.js";

const binDir = "/usr/lib/postgresql/15/bin";

/** A dedicated PostgreSQL 15 cluster on its own port and data dir, tuned for tests. */
export function postgresEngine(config: StackConfig, progress: Progress): Engine {
  const external = config.postgres.externalUrl;
  const port = config.postgres.port;
  const address = external ?? `postgres://postgres@127.0.0.1:${port}/postgres`;
  const dir = postgresDir(config.stateDir);
  const data = join(dir, "data");
  const logFile = join(dir, "postgres.log");
  const asRoot = userInfo().uid === 0;

  // Postgres refuses to run as root: as root, every server command runs as the postgres user.
  const pgRun = (bin: string, args: string[]) =>
    asRoot ? runCommand("runuser", ["-u", "postgres", "--", join(binDir, bin), ...args]) : runCommand(join(binDir, bin), args);

  const healthy = () => postgresHealthy(address);

  async function initCluster(): Promise<void> {
    await mkdir(dir, { recursive: true });
    if (asRoot) await chown(dir, ...(await postgresIds()));
    const init = await pgRun("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"]);
    if (init.code !== 0) {
      throw new StackError("postgres", `initdb failed:\n${init.output.slice(-2000)}`, "run `ameide stack reset` and retry", logFile);
    }
  }

  async function start(): Promise<void> {
    if (external) return assertReachable("postgres", healthy, address, "DATABASE_URL");
    if (!existsSync(join(binDir, "postgres"))) {
      throw new StackError(
        "postgres",
        `PostgreSQL 15 server binaries not found in ${binDir}`,
        "install them (Debian: apt-get install postgresql-15) or set DATABASE_URL",
      );
    }
    if (existsSync(join(data, "postmaster.pid")) && (await healthy())) return;
    await assertPortsFree("postgres", [port], "AMEIDE_PG_PORT");
    const begun = performance.now();
    progress.step("postgres", `starting PostgreSQL 15 on 127.0.0.1:${port} (${config.postgres.durability})`);
    if (!existsSync(join(data, "PG_VERSION"))) await initCluster();
    const options = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${dir}`,
      // Durable by default: an acknowledged commit survives a crash. "fast" trades that for speed.
      ...(config.postgres.durability === "fast" ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"] : []),
      "-c max_connections=300",
      "-c shared_buffers=128MB",
    ].join(" ");
    const started = await pgRun("pg_ctl", ["-D", data, "-l", logFile, "-o", options, "-w", "-t", "60", "start"]);
    if (started.code !== 0 || !(await healthy())) {
      throw new StackError(
        "postgres",
        `the server did not start:\n${started.output.slice(-1000)}`,
        "read the log; `ameide stack reset` wipes the data dir",
        logFile,
      );
    }
    progress.done("postgres", `ready on 127.0.0.1:${port}`, performance.now() - begun);
  }

  async function stop(): Promise<boolean> {
    if (external || !existsSync(join(data, "postmaster.pid"))) return false;
    const stopped = await pgRun("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
    return stopped.code === 0;
  }

  async function status(): Promise<EngineStatus> {
    const ok = await healthy();
    if (external) return { engine: "postgres", mode: "external", state: ok ? "running" : "unreachable", address };
    // Without our postmaster.pid, whatever answers on the port is not this stack's server.
    const pidFilePresent = existsSync(join(data, "postmaster.pid"));
    const state = pidFilePresent ? (ok ? "running" : "crashed") : "stopped";
    return { engine: "postgres", mode: "managed", state, address, logFile, extra: { dataDir: data } };
  }

  return {
    name: "postgres",
    external: external !== undefined,
    address,
    logFile,
    provision: () => Promise.resolve(),
    start,
    healthy,
    stop,
    status,
    wipe: () => rm(dir, { recursive: true, force: true }),
  };
}

/** True when the server answers a query. */
async function postgresHealthy(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The cluster's directory. The postgres user must be able to reach it; as root the checkout may
 * live under a private home, so the cluster then lives in the system temp dir, keyed by checkout.
 */
/** The cluster's data directory (its postmaster.pid names the server's pid). */
export function postgresDataDir(stateDir: string): string {
  return join(postgresDir(stateDir), "data");
}

function postgresDir(stateDir: string): string {
  if (userInfo().uid !== 0) return join(stateDir, "postgres");
  const key = createHash("sha256").update(stateDir).digest("hex").slice(0, 10);
  return join(tmpdir(), `ameide-postgres-${key}`);
}

async function postgresIds(): Promise<[number, number]> {
  const uid = await runCommand("id", ["-u", "postgres"]);
  const gid = await runCommand("id", ["-g", "postgres"]);
  if (uid.code !== 0)
    throw new StackError(
      "postgres",
      "there is no `postgres` system user to run the server as",
      "install the Debian postgresql-15 package, or run the stack as a non-root user",
    );
  return [Number(uid.output.trim()), Number(gid.output.trim())];
}
