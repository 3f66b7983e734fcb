import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createStackController, loadStackConfig, StackError, type StackController } from "@ameide/stack";
import "@ameide/testkit";

// A second, private stack on its own ports and state dir, next to the shared one the suite uses.
let stateDir: string;
let controller: StackController;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), "ameide-stack-spec-"));
  controller = createStackController(
    loadStackConfig({
      ...process.env,
      AMEIDE_STACK_DIR: stateDir,
      AMEIDE_PG_PORT: "56432",
      AMEIDE_KAFKA_PORT: "29092",
      AMEIDE_KAFKA_CONTROLLER_PORT: "29093",
      AMEIDE_TEMPORAL_PORT: "37233",
      AMEIDE_TEMPORAL_UI_PORT: "38233",
      DATABASE_URL: "",
      KAFKA_BROKERS: "",
      TEMPORAL_ADDRESS: "",
    }),
  );
});
afterAll(async () => {
  await controller.reset();
  await rm(stateDir, { recursive: true, force: true });
});

function pidAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("stack controller lifecycle", () => {
  test("up starts every engine, status reports them running, down leaves nothing running", async () => {
    const { info } = await controller.up().catch(async (error: unknown) => {
      await controller.down(); // leave no engine behind for the next test
      throw error;
    });
    expect(info.kafkaBrokers).toBe("127.0.0.1:29092");

    const running = await controller.status();
    expect(running.map((s) => [s.engine, s.state])).toEqual([
      ["postgres", "running"],
      ["kafka", "running"],
      ["temporal", "running"],
    ]);
    const pids = running.map((s) => s.pid).filter((p) => p !== undefined);
    expect(pids.length).toBe(2);

    await controller.down();
    const stopped = await controller.status();
    expect(stopped.map((s) => s.state)).toEqual(["stopped", "stopped", "stopped"]);
    for (const pid of pids) expect(pidAlive(pid)).toBe(false);
  }, 120_000);

  test("a busy port is a clear error naming the engine, the port and the variable", async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(37233, "127.0.0.1", resolve));
    try {
      const error = await controller.up().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StackError);
      expect((error as StackError).message).toContain("temporal: port 37233 is already in use");
      expect((error as StackError).message).toContain("AMEIDE_TEMPORAL_PORT");
    } finally {
      server.close();
      await controller.down();
    }
  }, 120_000);

  test("an external engine that does not answer is reported, not started", async () => {
    const external = createStackController(loadStackConfig({ ...process.env, AMEIDE_STACK_DIR: stateDir, KAFKA_BROKERS: "127.0.0.1:1" }));
    const kafka = (await external.status()).find((s) => s.engine === "kafka");
    expect(kafka).toMatchObject({ mode: "external", state: "unreachable", address: "127.0.0.1:1" });
  });
});
