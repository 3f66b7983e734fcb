import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runShellCommand } from "../src/run-command.js";
import { defaultSandboxLimits, type SandboxPolicy } from "../src/sandbox/sandbox.js";
import { createScrubber } from "../src/sandbox/scrubber.js";

// Repository commands run under bubblewrap as an unprivileged uid: each hostile act below must fail.
let root = "";
let work = "";
let secretFile = "";
const canary = `canary-${Math.random().toString(36).slice(2)}-secret`;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ameide-sandbox-"));
  work = join(root, "work");
  execFileSync("mkdir", ["-p", work]);
  secretFile = join(root, "auth.json");
  await writeFile(secretFile, JSON.stringify({ token: canary }), { mode: 0o644 });
  process.env.AMEIDE_TEST_CANARY = canary;
});
afterAll(async () => {
  delete process.env.AMEIDE_TEST_CANARY;
  await rm(root, { recursive: true, force: true });
});

const policy = (overrides: Partial<SandboxPolicy> = {}): SandboxPolicy => ({
  writable: work,
  network: false,
  limits: { ...defaultSandboxLimits, processes: 64, cpuSeconds: 20 },
  ...overrides,
});
const sandboxed = (command: string, overrides: Partial<SandboxPolicy> = {}, timeoutMs = 15_000) =>
  runShellCommand(command, {
    cwd: work,
    timeoutMs,
    env: { PATH: "/usr/bin:/bin", AMEIDE_ACTION: "verify" },
    sandbox: { mode: "bwrap", policy: policy(overrides) },
  });

describe("the bubblewrap sandbox of repository commands", () => {
  it("runs the command in the work directory, which it may write", async () => {
    const result = await sandboxed("echo built > out.txt && pwd && id -u");
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(work);
    expect(Number(result.stdout.split("\n")[1])).not.toBe(0);
    expect(await readFile(join(work, "out.txt"), "utf8")).toBe("built\n");
  });

  it("cannot read root-only files or anything of the executor", async () => {
    const shadow = await sandboxed("cat /etc/shadow");
    expect(shadow.exitCode).not.toBe(0);
    expect(shadow.stdout).toBe("");
    const credential = await sandboxed(`cat ${secretFile}; cat /proc/1/environ | tr '\\0' '\\n'; env; ls /root`);
    expect(credential.stdout + credential.stderr).not.toContain(canary);
    expect(credential.stdout).toContain("AMEIDE_ACTION=verify");
  });

  it("a link in the checkout to a root-only file does not hand the file to the sandbox's uid", async () => {
    const rootOnly = join(root, "root-only");
    await writeFile(rootOnly, canary, { mode: 0o600 });
    execFileSync("ln", ["-sf", rootOnly, join(work, "link")]);
    const result = await sandboxed("cat link");
    expect(result.stdout).not.toContain(canary);
    expect(statSync(rootOnly).uid).toBe(0);
  });

  it("cannot write outside the work directory", async () => {
    const result = await sandboxed(`touch /usr/pwned; touch /etc/pwned; touch ${join(root, "pwned")}; touch /tmp/ok && echo tmp-only`);
    expect(result.stdout.trim()).toBe("tmp-only");
    expect(execFileSync("ls", [root]).toString()).not.toContain("pwned");
    expect(() => execFileSync("ls", ["/usr/pwned"], { stdio: "pipe" })).toThrow();
  });

  it("has no network unless allowed: a listener on the host's loopback sees no connection", async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const result = await sandboxed(`bash -c 'echo hello > /dev/tcp/127.0.0.1/${port}' && echo connected`);
      expect(result.stdout).not.toContain("connected");
      await new Promise((r) => setTimeout(r, 200));
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it("bounds processes: a fork bomb ends with the command, leaving nothing behind", async () => {
    const result = await sandboxed("bomb() { bomb | bomb & }; bomb; sleep 2; echo survived", {}, 8000);
    expect(result.durationMs).toBeLessThan(15_000);
    await new Promise((r) => setTimeout(r, 500));
    const left = execFileSync("sh", ["-c", "ps -eo uid= | awk '$1 >= 61000 && $1 < 62000' | wc -l"]).toString().trim();
    expect(left).toBe("0");
  });

  it("bounds output: a flood keeps only the tail", async () => {
    const result = await sandboxed("head -c 200000000 /dev/zero | tr '\\0' a; echo; echo the-end");
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(1024 * 1024);
    expect(result.stdout).toContain("the-end");
  });
});

describe("the scrubber", () => {
  it("replaces every secret value, and each string of a JSON credential", () => {
    const scrubber = createScrubber([JSON.stringify({ tokens: { access_token: "sk-live-abcdef123456", id: "x" } }), "short"]);
    scrubber.add("eyJhbGciOi.service.token");
    expect(scrubber.scrub("key sk-live-abcdef123456 and eyJhbGciOi.service.token, id x, short")).toBe("key [redacted] and [redacted], id x, short");
  });
});
