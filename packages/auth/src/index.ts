export { AuthenticationError } from "./errors.js";
export { localAudience, localIssuerName, openLocalIssuer, type LocalIssuer, type TokenClaims } from "./local-issuer.js";
export {
  anyTenant,
  executorClassesOf,
  executorRole,
  humanRoles,
  isServiceRole,
  roleAllowed,
  type ActorKindName,
  type Principal,
} from "./principal.js";
export { bearerAuth, fileTokenSource, type TokenSource } from "./token-source.js";
export { createTokenVerifier, verifierConfigFromEnv, type TokenVerifier, type VerifierConfig } from "./verifier.js";
export { parseDuration } from "./duration.js";
