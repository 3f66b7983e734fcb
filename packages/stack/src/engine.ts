/** What `status` reports for one engine. */
export interface EngineStatus {
  readonly engine: EngineName;
  /** "managed": started by this stack; "external": given by the environment. */
  readonly mode: "managed" | "external";
  readonly state: "running" | "stopped" | "unreachable" | "crashed";
  readonly address: string;
  readonly pid?: number;
  readonly logFile?: string;
  readonly extra?: Record<string, string>;
}

/** The engines of the local stack. */
export type EngineName = "postgres" | "kafka" | "temporal";

/** One engine of the stack: provisioned once into the cache, started and stopped per checkout. */
export interface Engine {
  readonly name: EngineName;
  readonly external: boolean;
  /** Client address: a Postgres URL, a broker list, a Temporal host:port. */
  readonly address: string;
  readonly logFile: string;
  /** Downloads or builds what the engine needs into the cache; a no-op when cached. */
  provision(): Promise<void>;
  /** Starts the engine and waits until it is healthy; a no-op when it already is. */
  start(): Promise<void>;
  /** A real readiness check (a query, a metadata request, a health RPC). */
  healthy(): Promise<boolean>;
  stop(): Promise<boolean>;
  status(): Promise<EngineStatus>;
  /** Deletes the engine's data (the engine must be stopped). */
  wipe(): Promise<void>;
}
