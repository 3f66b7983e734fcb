import { readdir, readFile } from "node:fs/promises";

/** CPU time (user + system) used by the machine's processes, grouped; Linux /proc only. */
export type CpuByGroup = ReadonlyMap<string, number>;

/** Which group a process belongs to (first match wins); unmatched processes count as "other". */
export interface CpuGroup {
  readonly name: string;
  readonly matches: (process: { pid: number; ppid: number; command: string }) => boolean;
}

/** /proc/<pid>/stat counts in clock ticks; USER_HZ is 100 on every Linux this runs on. */
const ticksPerSecond = 100;

/** CPU milliseconds per group since boot, or undefined where /proc is not there. */
export async function cpuByGroup(groups: readonly CpuGroup[]): Promise<CpuByGroup | undefined> {
  const pids = await readdir("/proc").catch(() => undefined);
  if (pids === undefined) return undefined;
  const totals = new Map<string, number>([...groups.map((g) => [g.name, 0] as [string, number]), ["other", 0]]);
  await Promise.all(
    pids
      .filter((p) => /^\d+$/.test(p))
      .map(async (p) => {
        const [stat, cmdline] = await Promise.all([readFile(`/proc/${p}/stat`, "utf8"), readFile(`/proc/${p}/cmdline`, "utf8")]).catch(() => []);
        if (stat === undefined || cmdline === undefined) return; // the process ended meanwhile
        // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const ppid = Number(fields[1]);
        // utime + stime, plus cutime + cstime: the time of its children that ended (Postgres
        // backends of closed connections are counted with the postmaster that reaped them).
        const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
        const ms = (ticks * 1000) / ticksPerSecond;
        // An exited process not yet reaped has no command line: its name stands in for it.
        const command = cmdline.replaceAll("\u0000", " ").trim() || stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const group = groups.find((g) => g.matches({ pid: Number(p), ppid, command }))?.name ?? "other";
        totals.set(group, (totals.get(group) ?? 0) + ms);
      }),
  );
  return totals;
}

/** What each group used between two readings. */
export function cpuSpent(before: CpuByGroup | undefined, after: CpuByGroup | undefined): CpuByGroup | undefined {
  if (before === undefined || after === undefined) return undefined;
  return new Map([...after].map(([name, ms]) => [name, Math.max(0, ms - (before.get(name) ?? 0))]));
}
