import os from "node:os";
import type pg from "pg";

/** The machine and engines a benchmark ran on. */
export interface MachineInfo {
  readonly os: string;
  readonly cpus: string;
  readonly memory: string;
  readonly node: string;
  readonly postgres: string;
  readonly kafka: string;
}

// Settings that change write-path figures by an order of magnitude; the local stack turns them off.
const postgresSettings = ["fsync", "synchronous_commit", "full_page_writes", "shared_buffers", "max_connections"];

/** Describes this machine and the Postgres server behind `db`. */
export async function describeMachine(db: pg.Pool, kafka: string): Promise<MachineInfo> {
  const cpus = os.cpus();
  const version = await show(db, "server_version");
  const settings = await Promise.all(postgresSettings.map(async (name) => `${name}=${await show(db, name)}`));
  return {
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown"}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    postgres: `${version} (${settings.join(", ")})`,
    kafka,
  };
}

async function show(db: pg.Pool, setting: string): Promise<string> {
  // SHOW takes no bind parameters; the names come from the list above only.
  const { rows } = await db.query<Record<string, string>>(`show ${setting}`);
  return rows[0]?.[setting] ?? "?";
}

/** The machine as markdown table rows, plus any extra `[label, value]` rows. */
export function machineTable(machine: MachineInfo, extra: Array<[string, string]> = []): string[] {
  return [
    "| machine | |",
    "|---|---|",
    `| OS | ${machine.os} |`,
    `| CPU | ${machine.cpus} |`,
    `| memory | ${machine.memory} |`,
    `| Node | ${machine.node} |`,
    `| PostgreSQL | ${machine.postgres} |`,
    `| Kafka | ${machine.kafka} |`,
    ...extra.map(([label, value]) => `| ${label} | ${value} |`),
  ];
}
