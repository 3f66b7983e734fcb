import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** Where the stack keeps its state, caches and the ports it listens on. */
export interface StackConfig {
  /** Data, logs and pid files of this checkout's stack. */
  readonly stateDir: string;
  /** Downloads and builds shared by every checkout on the machine (Kafka jars, Temporal CLI). */
  readonly cacheDir: string;
  readonly postgres: { readonly port: number; readonly externalUrl?: string };
  readonly kafka: { readonly port: number; readonly controllerPort: number; readonly version: string; readonly externalBrokers?: string };
  readonly temporal: { readonly port: number; readonly uiPort: number; readonly cliVersion: string; readonly externalAddress?: string };
  readonly topicPartitions: number;
}

const repoRoot = resolve(import.meta.dirname, "../../..");

/** Reads the stack configuration from the environment, with the local defaults. */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const cacheHome = env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  return {
    stateDir: env.AMEIDE_STACK_DIR ?? join(repoRoot, ".ameide", "stack"),
    cacheDir: env.AMEIDE_CACHE_DIR ?? join(cacheHome, "ameide"),
    postgres: { port: intFrom(env, "AMEIDE_PG_PORT", 55432), externalUrl: nonEmpty(env.DATABASE_URL) },
    kafka: {
      port: intFrom(env, "AMEIDE_KAFKA_PORT", 19092),
      controllerPort: intFrom(env, "AMEIDE_KAFKA_CONTROLLER_PORT", 19093),
      version: env.AMEIDE_KAFKA_VERSION ?? "3.9.2",
      externalBrokers: nonEmpty(env.KAFKA_BROKERS),
    },
    temporal: {
      port: intFrom(env, "AMEIDE_TEMPORAL_PORT", 17233),
      uiPort: intFrom(env, "AMEIDE_TEMPORAL_UI_PORT", 18233),
      cliVersion: env.AMEIDE_TEMPORAL_CLI_VERSION ?? "v1.5.1",
      externalAddress: nonEmpty(env.TEMPORAL_ADDRESS),
    },
    topicPartitions: intFrom(env, "AMEIDE_TOPIC_PARTITIONS", 3),
  };
}

/** The repository root (for files the stack ships, such as the Kafka POM). */
export function repositoryRoot(): string {
  return repoRoot;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new Error(`${name}=${raw} is not a valid port/count; unset it or give a positive integer`);
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
