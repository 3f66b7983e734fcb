import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bearerAuth, openLocalIssuer } from "@ameide/auth";
import { TransformationWorkCommandService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_service_pb";
import { TransformationRepositoryService } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";
import { ActionKind, WorkKind } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import { createTestDatabase, freePort, tapTopic, type TestDatabase, testStack, uniqueName } from "@ameide/testkit";
import { localIssuerDir } from "../src/platform-auth.js";

// `ameide serve domain --workers 2` as deployed: worker processes answer on one port, the primary
// relays the outbox. Every answered RequestWork must reach Kafka once, and SIGTERM must end all.
const root = join(import.meta.dirname, "../../..");
let database: TestDatabase;
let child: ChildProcess;
let url = "";

beforeAll(async () => {
  database = await createTestDatabase("serve_domain");
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [join(root, "bin/ameide.mjs"), "serve", "domain", "--port", String(port), "--workers", "2"], {
    env: { ...process.env, DATABASE_URL: database.url, KAFKA_BROKERS: testStack().kafkaBrokers, AMEIDE_AUTH_MODE: "local", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (const giveUpAt = Date.now() + 60_000; ; ) {
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (child.exitCode !== null || Date.now() > giveUpAt) throw new Error(`serve domain did not become ready (exit ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await database.drop();
});

describe("serve domain --workers 2", () => {
  test("answers on one port from worker processes; the primary relays each fact once; SIGTERM ends every process", async () => {
    const issuer = await openLocalIssuer(localIssuerDir);
    const tenantId = uniqueName("workers");
    const as = (roles: string[]) =>
      createConnectTransport({ baseUrl: url, httpVersion: "1.1", interceptors: [bearerAuth(() => issuer.mint({ subject: "spec", tenant: tenantId, roles }))] });
    const scope = { tenantId, repositoryId: "repo" };
    await createClient(TransformationRepositoryService, as(["admin"])).registerRepository({ context: { scope }, cloneUrl: "file:///srv/repo.git" });
    const facts = await tapTopic("transformation.work.domain.facts.v1");
    try {
      // Separate connections, so the kernel spreads them over both workers.
      const ids = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const work = createClient(TransformationWorkCommandService, as(["process"]));
          const { workRequest } = await work.requestWork({
            context: { scope },
            clientRequestId: `k-${i}`,
            requestedBy: { processInstanceId: "r2r-workers", activityId: `a-${i}` },
            workKind: WorkKind.TOOL_RUN,
            actionKind: ActionKind.VERIFY,
            inputs: { checkout: { repoUrl: "file:///srv/repo.git", commitSha: "abc" }, verificationSuiteRef: "unit" },
          });
          return workRequest?.workRequestId ?? "";
        }),
      );
      const mine = (r: { message: { aggregate?: { id: string } } }) => ids.includes(r.message.aggregate?.id ?? "");
      await facts.waitFor(mine, ids.length);
      await new Promise((r) => setTimeout(r, 1000));
      expect(
        facts.records
          .filter(mine)
          .map((r) => r.message.aggregate?.id)
          .sort(),
      ).toEqual([...ids].sort());
    } finally {
      await facts.close();
    }
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/readyz`)).rejects.toThrow();
  }, 120_000);
});
