/** Why a command was refused; the adapter maps each reason to a Connect code. */
export type DomainErrorReason = "invalid_argument" | "not_found" | "already_exists" | "failed_precondition" | "permission_denied";

/** A command the domain refuses: nothing was changed, nothing was emitted. */
export class DomainError extends Error {
  override readonly name = "DomainError";

  constructor(
    readonly reason: DomainErrorReason,
    message: string,
  ) {
    super(message);
  }
}
