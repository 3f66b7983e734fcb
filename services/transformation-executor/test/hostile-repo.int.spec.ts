import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { anyTenant } from "@ameide/auth";
import { createLogger } from "@ameide/service-kit";
import { tapTopic, testIssuer, type TopicTap } from "@ameide/testkit";
import { runExecutorJob } from "../src/index.js";
import { ActionKind, type ExecutorHarness, factCases, startExecutorHarness, terminalFact } from "./fixtures/executor-harness.js";
import { createRepo, type TargetRepo } from "./fixtures/target-repo.js";

// A repository whose every verify suite attacks the executor. Each attack must fail inside the
// sandbox, each work must end with a clear outcome, and the canary secrets the executor holds
// (its Codex credential, its service token, a secret environment variable) must appear in no
// Kafka record, no table, no evidence file and no log line.

const canary = `canary-${randomBytes(12).toString("hex")}`;
const logLines: string[] = [];
const logger = createLogger({}, { level: "debug", write: (line) => logLines.push(line) });
let h: ExecutorHarness;
let repo: TargetRepo;
let listener: net.Server;
let connections = 0;
let queue: TopicTap<"transformation.work.queue.toolrun.verify.v1">;
let codexHome = "";
let tokenFile = "";
let serviceToken = "";

beforeAll(async () => {
  h = await startExecutorHarness("hostile");
  queue = await tapTopic("transformation.work.queue.toolrun.verify.v1");
  listener = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const port = (listener.address() as net.AddressInfo).port;
  codexHome = join(h.root, "codex-home");
  await mkdir(codexHome, { recursive: true });
  await writeFile(join(codexHome, "auth.json"), JSON.stringify({ OPENAI_API_KEY: canary }), { mode: 0o644 });
  serviceToken = await (await testIssuer()).mint({ subject: "executor/toolrun.verify", tenant: anyTenant, roles: ["executor:toolrun.verify"] });
  tokenFile = join(h.root, "service-token");
  await writeFile(tokenFile, serviceToken, { mode: 0o644 });
  process.env.AMEIDE_TEST_SECRET_TOKEN = `${canary}-env`;
  const outside = join(h.root, "outside");
  repo = createRepo(h.root, "hostile", {
    ".ameide/work.yaml": [
      "actions:",
      "  verify:",
      "    suites:",
      "      shadow: { command: 'cat /etc/shadow' }",
      `      credentials: { command: 'cat ${codexHome}/auth.json ${tokenFile}; cat /proc/1/environ; env; ls -la /root ${h.root}; exit 1' }`,
      `      escape: { command: 'touch ${outside}; echo x > /etc/pwned; echo x > /usr/pwned; mkdir -p ../escaped; exit 1' }`,
      `      connect: { command: "bash -c 'echo hello > /dev/tcp/127.0.0.1/${port}'", network: true }`,
      "      forkbomb: { command: 'bomb() { bomb | bomb & }; bomb; sleep 5; exit 1' }",
      "      flood: { command: \"head -c 1000000000 /dev/zero | tr '\\\\0' a; exit 1\" }",
      "",
    ].join("\n"),
  });
}, 60_000);
afterAll(async () => {
  delete process.env.AMEIDE_TEST_SECRET_TOKEN;
  listener.close();
  await queue.close();
  await h.close();
});

const suites = ["shadow", "credentials", "escape", "connect", "forkbomb", "flood"] as const;
const ids = new Map<string, string>();
const outcomeOf = (fact: Awaited<ReturnType<typeof terminalFact>>) =>
  fact.fact.case === "workCompleted" || fact.fact.case === "workFailed" ? fact.fact.value.outcome : undefined;

describe("a hostile repository", () => {
  test("every attack fails inside the sandbox and the work ends with a clear outcome", async () => {
    const config = await h.executorConfig("toolrun.verify", {
      CODEX_HOME: codexHome,
      AMEIDE_SERVICE_TOKEN_FILE: tokenFile,
      EXECUTOR_MAX_PROCESSES: "64",
      EXECUTOR_TIMEOUT_SECONDS: "30",
    });
    for (const suite of suites) ids.set(suite, await h.requestWork({ actionKind: ActionKind.VERIFY, repoUrl: repo.url, commitSha: repo.commitSha, suite }));
    for (let run = 0; run < 20 && [...ids.values()].some((id) => !factCases(h, id).some((c) => c === "workCompleted" || c === "workFailed")); run++) {
      expect(await runExecutorJob(config, logger, 10_000)).toBe(0);
    }
    for (const suite of suites) {
      const fact = await terminalFact(h, ids.get(suite)!);
      expect(fact.fact.case, suite).toBe("workFailed");
      expect(outcomeOf(fact)?.failureReason, suite).toBe("exit_code");
    }
    expect(outcomeOf(await terminalFact(h, ids.get("shadow")!))?.summary).toContain("Permission denied");
    // The connection was refused inside the sandbox: the command declared the network, but the
    // repository's registration does not allow it, and the listener saw nothing.
    expect(connections).toBe(0);
    expect(existsSync(join(h.root, "outside"))).toBe(false);
    expect(existsSync("/etc/pwned") || existsSync("/usr/pwned")).toBe(false);
    expect(execFileSync("sh", ["-c", "ps -eo uid= | awk '$1 >= 61000 && $1 < 62000' | wc -l"]).toString().trim()).toBe("0");
  }, 240_000);

  test("the flood is kept to its tail", async () => {
    const bundle = outcomeOf(await terminalFact(h, ids.get("flood")!))?.evidenceBundleId ?? "";
    expect(bundle).not.toBe("");
    for (const blob of await listFiles(join(h.root, "evidence"))) expect((await readFile(blob)).length).toBeLessThan(1.1 * 1024 * 1024);
  });

  test("no secret of the executor appears in any topic, table, evidence file or log line", async () => {
    const secrets = [canary, serviceToken];
    const records = [...h.facts.records.filter((r) => r.message.meta?.scope?.tenantId === h.tenantId), ...queue.records];
    expect(records.length).toBeGreaterThan(suites.length);
    for (const record of records) for (const secret of secrets) expect(record.value.includes(secret)).toBe(false);
    const client = new pg.Client({ connectionString: h.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ dump: string }>(
        "select coalesce(string_agg(encode(snapshot, 'escape'), ''), '') || (select coalesce(string_agg(encode(payload, 'escape'), ''), '') from outbox) as dump from work_request",
      );
      for (const secret of secrets) expect(rows[0]?.dump.includes(secret)).toBe(false);
    } finally {
      await client.end();
    }
    const blobs = await listFiles(join(h.root, "evidence"));
    expect(blobs.length).toBeGreaterThan(suites.length);
    for (const blob of blobs) {
      const bytes = await readFile(blob);
      for (const secret of secrets) expect(bytes.includes(secret)).toBe(false);
    }
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) for (const secret of secrets) expect(line.includes(secret)).toBe(false);
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))));
  return nested.flat();
}
