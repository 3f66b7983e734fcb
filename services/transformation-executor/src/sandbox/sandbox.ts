import { execFileSync } from "node:child_process";
import { lchown, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Where repository commands run. `bwrap`: a bubblewrap sandbox per command (an unprivileged uid,
 * new user/mount/PID/network/IPC/UTS namespaces, a read-only system, only the work directory
 * writable). `pod`: the executor runs in a pod that is itself the sandbox (Kubernetes: one
 * ephemeral Job per intent, runAsNonRoot, read-only root filesystem, no capabilities, seccomp
 * RuntimeDefault, a NetworkPolicy); commands then run as plain child processes, limits still apply.
 */
export type SandboxMode = "bwrap" | "pod";

/** Ceilings for one command. */
export interface SandboxLimits {
  readonly cpuSeconds: number;
  readonly memoryBytes: number;
  readonly processes: number;
  readonly fileBytes: number;
}

export const defaultSandboxLimits: SandboxLimits = {
  cpuSeconds: 900,
  memoryBytes: 4 * 1024 ** 3,
  processes: 256,
  fileBytes: 1024 ** 3,
};

/** What one sandboxed command may see and do. */
export interface SandboxPolicy {
  /** The only writable directory (bound at the same path). */
  readonly writable: string;
  /** Paths inside `writable` the command may read but not change (e.g. the repository's .git). */
  readonly readOnlyInside?: readonly string[];
  /** Extra writable directories bound at a path of their own (e.g. the coder's private CODEX_HOME). */
  readonly binds?: ReadonlyArray<{ readonly source: string; readonly target: string }>;
  /** Files or directories outside the system the command may read (e.g. the Codex CLI itself). */
  readonly readOnlyBinds?: readonly string[];
  /** Off unless the action declares it and the repository's registration allows it. */
  readonly network: boolean;
  readonly limits: SandboxLimits;
}

/** The argv that runs `sh -c command` under a policy, and the uid that must own the writable tree. */
export interface SandboxedCommand {
  readonly file: string;
  readonly args: string[];
  /** The uid (and gid) the command runs as, when the executor drops privileges to it. */
  readonly uid?: number;
}

const systemDirs = ["/usr", "/etc"];
const mergedUsrLinks: Array<[string, string]> = [
  ["usr/bin", "/bin"],
  ["usr/sbin", "/sbin"],
  ["usr/lib", "/lib"],
  ["usr/lib64", "/lib64"],
];

/** Uids handed to concurrent sandboxes, so process limits (counted per uid) stay per command. */
const firstSandboxUid = 61_000;
const sandboxUids = 1000;
let nextUid = 0;

/** Wraps `sh -c command` in the sandbox of `mode`. */
export function sandboxed(mode: SandboxMode, command: string, policy: SandboxPolicy, env: Record<string, string>): SandboxedCommand {
  const limits = [
    `--cpu=${policy.limits.cpuSeconds}`,
    `--as=${policy.limits.memoryBytes}`,
    `--nproc=${policy.limits.processes}`,
    `--fsize=${policy.limits.fileBytes}`,
    "--core=0",
  ];
  if (mode === "pod") return { file: "prlimit", args: [...limits, "--", "sh", "-c", command] };
  const root = process.getuid?.() === 0;
  const uid = root ? firstSandboxUid + (nextUid++ % sandboxUids) : undefined;
  // As root, bubblewrap sets the sandbox up without a user namespace (a namespace's root is still
  // root to the host's files) and the command then drops to a plain uid with no capabilities and
  // no way to regain them. Unprivileged, bubblewrap's user namespace does that part.
  const namespaces = root
    ? ["--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try", ...(policy.network ? [] : ["--unshare-net"])]
    : ["--unshare-all", ...(policy.network ? ["--share-net"] : [])];
  const drop =
    uid === undefined
      ? []
      : ["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"];
  const bwrap = [
    "bwrap",
    ...namespaces,
    "--die-with-parent",
    "--new-session",
    ...systemDirs.flatMap((dir) => ["--ro-bind", dir, dir]),
    ...mergedUsrLinks.flatMap(([target, link]) => ["--symlink", target, link]),
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--tmpfs",
    "/tmp",
    "--dir",
    "/home/sandbox",
    "--bind",
    policy.writable,
    policy.writable,
    ...(policy.readOnlyInside ?? []).flatMap((path) => ["--ro-bind", path, path]),
    ...(policy.binds ?? []).flatMap(({ source, target }) => ["--bind", source, target]),
    ...(policy.readOnlyBinds ?? []).flatMap((path) => ["--ro-bind", path, path]),
    ...(uid === undefined
      ? []
      : ["--chmod", "1777", "/tmp", "--chmod", "0777", "/home/sandbox", ...traversable(policy).flatMap((dir) => ["--chmod", "0755", dir])]),
    "--clearenv",
    ...Object.entries({ ...env, HOME: "/home/sandbox", TMPDIR: "/tmp" }).flatMap(([name, value]) => ["--setenv", name, value]),
    "--",
    ...drop,
    "sh",
    "-c",
    command,
  ];
  return { file: "prlimit", args: [...limits, "--", ...bwrap], uid };
}

/**
 * The directories bubblewrap creates (on its own tmpfs) above the bound paths. It copies their
 * modes from the host, so a private parent (a 0700 temp dir) would bar the sandbox's uid from
 * reaching its own work directory by absolute path; inside the sandbox they are opened up.
 */
function traversable(policy: SandboxPolicy): string[] {
  const bound = [policy.writable, ...(policy.readOnlyInside ?? []), ...(policy.binds ?? []).map((b) => b.target), ...(policy.readOnlyBinds ?? [])];
  const fixed = ["/", "/tmp", ...systemDirs, "/proc", "/dev"];
  const inside = (dir: string, root: string) => dir === root || dir.startsWith(`${root}/`);
  const dirs = new Set<string>();
  for (const target of bound) {
    const parts = target.split("/").filter((p) => p !== "");
    for (let i = 1; i < parts.length; i++) {
      const dir = `/${parts.slice(0, i).join("/")}`;
      if (fixed.includes(dir) || bound.some((b) => inside(dir, b)) || systemDirs.some((s) => inside(dir, s))) continue;
      dirs.add(dir);
    }
  }
  return [...dirs].sort((a, b) => a.length - b.length);
}

/** Hands the tree to the sandbox's uid (the executor, as root, keeps full access). */
export async function chownTree(dir: string, uid: number): Promise<void> {
  // lchown: the tree is the repository's, and a link in it (to /etc/shadow, say) must not hand
  // its target to the sandbox's uid.
  await lchown(dir, uid, uid);
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    await lchown(join(entry.parentPath, entry.name), uid, uid).catch(() => undefined);
  }
}

/** Why bubblewrap cannot sandbox commands here, or undefined when it can. */
export function bwrapUnavailable(): string | undefined {
  try {
    execFileSync("bwrap", ["--unshare-all", "--ro-bind", "/", "/", "true"], { stdio: "pipe", timeout: 10_000 });
    return undefined;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
    return e.code === "ENOENT"
      ? "bwrap is not installed (Debian/Ubuntu: apt-get install bubblewrap)"
      : `bwrap cannot create namespaces: ${e.stderr?.toString().trim() ?? e.message}`;
  }
}
