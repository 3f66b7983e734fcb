/** Severity of a log line, from least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured logger writing one JSON object per line. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** How a logger filters and where it writes; the defaults suit a service in a container. */
export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
}

const severity: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Create a logger that binds `fields` to every line. Lines below `options.level` (default: the
 * `LOG_LEVEL` environment variable, else "info") are dropped before they are serialized.
 */
export function createLogger(fields: Record<string, unknown> = {}, options: LoggerOptions = {}): Logger {
  const level = options.level ?? levelFromEnv();
  const write = options.write ?? ((line: string) => void process.stdout.write(line + "\n"));
  const log = (lineLevel: LogLevel, msg: string, lineFields?: Record<string, unknown>): void => {
    if (severity[lineLevel] < severity[level]) return;
    write(formatLine(lineLevel, msg, { ...fields, ...lineFields }));
  };
  return {
    debug: (msg, lineFields) => log("debug", msg, lineFields),
    info: (msg, lineFields) => log("info", msg, lineFields),
    warn: (msg, lineFields) => log("warn", msg, lineFields),
    error: (msg, lineFields) => log("error", msg, lineFields),
    child: (childFields) => createLogger({ ...fields, ...childFields }, { level, write }),
  };
}

function levelFromEnv(): LogLevel {
  const value = process.env["LOG_LEVEL"]?.toLowerCase();
  return value !== undefined && value in severity ? (value as LogLevel) : "info";
}

function formatLine(level: LogLevel, msg: string, fields: Record<string, unknown>): string {
  const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
  // The core keys win so that a field named "level" or "msg" cannot disguise a line.
  for (const [key, value] of Object.entries(fields)) {
    if (!(key in line)) line[key] = value;
  }
  try {
    return JSON.stringify(line, replaceUnserializable);
  } catch (e) {
    // A circular field must not turn a log call into a crash; keep the message at least.
    const reason = e instanceof Error ? e.message : String(e);
    return JSON.stringify({ time: line["time"], level, msg, logError: `fields not serializable: ${reason}` });
  }
}

function replaceUnserializable(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  // Error's own properties are not enumerable, so JSON.stringify would write `{}`.
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
