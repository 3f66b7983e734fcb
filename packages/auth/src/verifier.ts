import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, type JWTPayload, jwtVerify } from "jose";
import { AuthenticationError } from "./errors.js";
import { type ActorKindName, anyTenant, isServiceRole, type Principal } from "./principal.js";

/** Where tokens come from and how to read them. */
export interface VerifierConfig {
  /** Expected `iss`. */
  readonly issuer: string;
  /** Expected `aud` (one of the token's audiences). */
  readonly audience: string;
  /** The issuer's keys: a JWKS URL (cached, refetched on an unknown `kid`) or a key set in hand. */
  readonly keys: URL | JSONWebKeySet;
  /** Dotted path of the tenant claim; default "tenant". */
  readonly tenantClaim?: string;
  /** Dotted path of the roles claim (an array or a space-separated string); default "roles". */
  readonly rolesClaim?: string;
  /** At most one JWKS refetch (for an unknown `kid`) per this many ms; default 10 s. */
  readonly refetchCooldownMs?: number;
  /** Allowed clock skew for `exp`/`nbf`; default 30 s. */
  readonly clockToleranceSeconds?: number;
}

/** Verifies `Authorization` header values. */
export interface TokenVerifier {
  /** The caller, or an AuthenticationError that says what was wrong with the token. */
  verify(authorization: string | null | undefined): Promise<Principal>;
}

// Asymmetric algorithms only: a shared-secret (HS*) or unsigned token is never accepted.
const algorithms = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

/** A verifier for tokens of one issuer and audience. */
export function createTokenVerifier(config: VerifierConfig): TokenVerifier {
  const keys =
    config.keys instanceof URL ? createRemoteJWKSet(config.keys, { cooldownDuration: config.refetchCooldownMs ?? 10_000 }) : createLocalJWKSet(config.keys);
  const tenantClaim = config.tenantClaim ?? "tenant";
  const rolesClaim = config.rolesClaim ?? "roles";
  const verified = new VerifiedTokens();
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      const known = verified.get(token);
      if (known !== undefined) return known;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms,
          clockTolerance: config.clockToleranceSeconds ?? 30,
          requiredClaims: ["sub", "exp"],
        }));
      } catch (error) {
        throw new AuthenticationError(describeFailure(error, config));
      }
      const principal = principalFrom(payload, tenantClaim, rolesClaim);
      verified.set(token, principal, payload.exp);
      return principal;
    },
  };
}

/**
 * Tokens whose signature and claims were verified, with their principal: a caller sends the same
 * token with every request, and checking its signature again each time cost more than the rest of
 * authorization. An entry lasts until the token expires, and at most a minute, so a key the issuer
 * withdrew from its JWKS stops admitting its tokens within a minute. Bounded.
 */
const verifiedForMs = 60_000;

class VerifiedTokens {
  readonly #entries = new Map<string, { principal: Principal; expiresAtMs: number }>();
  get(token: string): Principal | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (Date.now() >= entry.expiresAtMs) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.principal;
  }
  set(token: string, principal: Principal, exp: number | undefined): void {
    if (exp === undefined) return;
    if (this.#entries.size >= 10_000) this.#entries.delete(this.#entries.keys().next().value ?? "");
    this.#entries.set(token, { principal, expiresAtMs: Math.min(exp * 1000, Date.now() + verifiedForMs) });
  }
}

/** The verifier configured by AMEIDE_AUTH_* variables, or undefined when no issuer is configured. */
export function verifierConfigFromEnv(env: NodeJS.ProcessEnv = process.env): VerifierConfig | undefined {
  const jwksUrl = env.AMEIDE_AUTH_JWKS_URL;
  if (!jwksUrl) return undefined;
  const issuer = env.AMEIDE_AUTH_ISSUER;
  const audience = env.AMEIDE_AUTH_AUDIENCE;
  if (!issuer || !audience) throw new Error("AMEIDE_AUTH_JWKS_URL is set: set AMEIDE_AUTH_ISSUER and AMEIDE_AUTH_AUDIENCE too (the token's iss and aud)");
  return {
    issuer,
    audience,
    keys: new URL(jwksUrl),
    tenantClaim: env.AMEIDE_AUTH_TENANT_CLAIM || undefined,
    rolesClaim: env.AMEIDE_AUTH_ROLES_CLAIM || undefined,
    clockToleranceSeconds: env.AMEIDE_AUTH_CLOCK_SKEW_SECONDS ? Number(env.AMEIDE_AUTH_CLOCK_SKEW_SECONDS) : undefined,
  };
}

function bearerToken(authorization: string | null | undefined): string {
  if (!authorization) throw new AuthenticationError("no bearer token: send `Authorization: Bearer <jwt>` (locally, `ameide token` prints one)");
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (match === null) throw new AuthenticationError("the Authorization header is not `Bearer <jwt>`");
  return match[1]!;
}

function describeFailure(error: unknown, config: VerifierConfig): string {
  if (error instanceof errors.JWTExpired) return `token expired (exp ${String(error.payload.exp)}); get a new one`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return `token issuer is not "${config.issuer}"`;
    if (error.claim === "aud") return `token audience does not include "${config.audience}"`;
    if (error.claim === "nbf") return "token is not valid yet (nbf is in the future)";
    return `token claim ${error.claim} is invalid: ${error.reason}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) return "token is signed with a key the issuer does not publish (unknown kid)";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "token signature does not verify";
  if (error instanceof errors.JOSEAlgNotAllowed) return "token algorithm is not allowed (asymmetric signatures only)";
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return "token is not a well-formed signed JWT";
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) return `token could not be verified: ${error.message}`;
  return `token could not be verified: ${error instanceof Error ? error.message : String(error)}`;
}

function principalFrom(payload: JWTPayload, tenantClaim: string, rolesClaim: string): Principal {
  const tenant = claimAt(payload, tenantClaim);
  if (typeof tenant !== "string" || tenant === "") throw new AuthenticationError(`token has no "${tenantClaim}" claim naming the caller's tenant`);
  const rawRoles = claimAt(payload, rolesClaim);
  const roles = Array.isArray(rawRoles)
    ? rawRoles.filter((r): r is string => typeof r === "string")
    : typeof rawRoles === "string"
      ? rawRoles.split(/\s+/)
      : [];
  if (roles.length === 0) throw new AuthenticationError(`token has no roles in its "${rolesClaim}" claim`);
  const service = roles.every(isServiceRole);
  if (tenant === anyTenant && !service) {
    throw new AuthenticationError(`tenant "${anyTenant}" is for platform service tokens only (roles process, executor:<class>)`);
  }
  const declared = payload.actor_kind;
  const kind: ActorKindName = declared === "agent" || declared === "human" || declared === "service" ? declared : service ? "service" : "human";
  const name = typeof payload.name === "string" ? payload.name : "";
  return { subject: payload.sub ?? "", tenant, roles, kind, displayName: name };
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
