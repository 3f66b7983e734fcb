/** A token was missing or did not verify; the message says what was wrong and what to do. */
export class AuthenticationError extends Error {
  override readonly name = "AuthenticationError";
}
