import type * as ConnectRuntimeModule from "@connectrpc/connect";
import type { ConnectError } from "@connectrpc/connect";

/** The CLI's exit codes (documented in `ameide --help` and the README). */
export const ExitCode = { Ok: 0, Failed: 1, Usage: 2, Unavailable: 3, NotFound: 4 } as const;

/** An error the CLI itself raises: a message for the user, a hint, and the exit code. */
export class CliError extends Error {
  override readonly name = "CliError";

  constructor(
    message: string,
    readonly hint: string,
    readonly exitCode: number = ExitCode.Failed,
  ) {
    super(message);
  }
}

/** One line for the user (two with a hint), the stack trace only with --verbose, and the exit code. */
export async function describeError(error: unknown, verbose: boolean): Promise<{ line: string; code: number }> {
  // Loaded only on an error: the Connect runtime would add ~0.1 s to every start, --help included.
  const { Code, ConnectError } = await import("@connectrpc/connect");
  const { line, code } = summarize(error, ConnectError, Code);
  const trace = verbose && error instanceof Error && error.stack ? `\n${error.stack}` : "";
  return { line: `${line}${trace}`, code };
}

type ConnectRuntime = typeof ConnectRuntimeModule;

function summarize(error: unknown, connectError: ConnectRuntime["ConnectError"], codes: ConnectRuntime["Code"]): { line: string; code: number } {
  if (error instanceof CliError) return { line: `error: ${error.message}\n  -> ${error.hint}`, code: error.exitCode };
  if (error instanceof connectError) return connectLine(error, codes);
  if (error instanceof Error && error.name === "StackError") return { line: `error: ${error.message}`, code: ExitCode.Unavailable };
  if (error instanceof AggregateError) return { line: `error: ${error.message}`, code: ExitCode.Failed };
  const network = networkError(error);
  if (network !== undefined) return network;
  return { line: `error: ${error instanceof Error ? error.message : String(error)}\n  -> rerun with --verbose for the stack trace`, code: ExitCode.Failed };
}

function connectLine(error: ConnectError, Code: ConnectRuntime["Code"]): { line: string; code: number } {
  const name = Code[error.code].replace(/[A-Z]/g, (c, i: number) => `${i === 0 ? "" : "_"}${c.toLowerCase()}`);
  const line = `error: [${name}] ${error.rawMessage}`;
  switch (error.code) {
    case Code.Unavailable:
      return { line: `${line}\n  -> is the platform running? \`ameide up\` starts it; \`ameide doctor\` shows what answers`, code: ExitCode.Unavailable };
    case Code.NotFound:
      return { line: `${line}\n  -> check the id and --tenant (runs are visible to their own tenant only)`, code: ExitCode.NotFound };
    case Code.InvalidArgument:
      return { line: `${line}\n  -> fix the named field; \`--help\` lists the options`, code: ExitCode.Usage };
    default:
      return { line, code: ExitCode.Failed };
  }
}

function networkError(error: unknown): { line: string; code: number } | undefined {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ECONNRESET") {
    return { line: `error: ${(error as Error).message}\n  -> is the platform running? \`ameide up\` starts it`, code: ExitCode.Unavailable };
  }
  if (code === "EADDRINUSE") {
    return {
      line: `error: ${(error as Error).message}\n  -> another process holds the port: \`ameide down\` stops the platform, or pick another with --port`,
      code: ExitCode.Unavailable,
    };
  }
  return undefined;
}
