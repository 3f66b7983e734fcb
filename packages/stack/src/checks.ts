import { StackError } from "./errors.js";
import { portInUse, runCommand, waitUntil } from "./process.js";

/** Fails with a clear error when a binary the engine needs is not on PATH. */
export async function requireBinary(binary: string, engine: string, hint: string): Promise<void> {
  const found = await runCommand("sh", ["-c", `command -v ${binary}`]);
  if (found.code !== 0) throw new StackError(engine, `\`${binary}\` is not installed`, hint);
}

/** Fails unless an external engine given by the environment answers. */
export async function assertReachable(engine: string, healthy: () => Promise<boolean>, address: string, variable: string): Promise<void> {
  const outcome = await waitUntil(healthy, { timeoutMs: 15_000, intervalMs: 500 });
  if (outcome !== "ready") {
    throw new StackError(engine, `${variable}=${address} is not reachable`, `start that ${engine} or unset ${variable} to use the local one`);
  }
}

/** Fails when a port the engine needs is taken by another process. */
export async function assertPortsFree(engine: string, ports: number[], variables: string): Promise<void> {
  for (const port of ports) {
    if (await portInUse(port)) {
      throw new StackError(
        engine,
        `port ${port} is already in use by another process`,
        `stop that process (ss -ltnp | grep ${port}) or pick other ports with ${variables}`,
      );
    }
  }
}
