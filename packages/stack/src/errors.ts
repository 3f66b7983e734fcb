/** A stack failure a user can act on: which engine, what went wrong, where to look, what to do. */
export class StackError extends Error {
  override readonly name = "StackError";

  constructor(
    readonly engine: string,
    readonly problem: string,
    readonly hint: string,
    readonly logFile?: string,
  ) {
    super(`${engine}: ${problem}${logFile ? ` (log: ${logFile})` : ""}\n  -> ${hint}`);
  }
}
