import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, SignJWT } from "jose";
import type { ActorKindName } from "./principal.js";
import type { TokenSource } from "./token-source.js";
import { createTokenVerifier, type TokenVerifier } from "./verifier.js";

/** The `iss` and `aud` of tokens the local development issuer signs. */
export const localIssuerName = "ameide-local";
export const localAudience = "ameide";

/** What a minted token says. */
export interface TokenClaims {
  readonly subject: string;
  readonly tenant: string;
  readonly roles: readonly string[];
  /** Default one hour. */
  readonly ttlSeconds?: number;
  readonly kind?: ActorKindName;
  readonly name?: string;
}

/**
 * The development issuer: one ES256 key, its public JWKS, and tokens signed with it. Production
 * verifies the organisation's issuer instead (AMEIDE_AUTH_JWKS_URL); this one exists for the local
 * platform, the demo and tests.
 */
export interface LocalIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** The public keys, as served on `/.well-known/jwks.json`. */
  readonly jwks: JSONWebKeySet;
  mint(claims: TokenClaims): Promise<string>;
  /** A verifier of this issuer's tokens. */
  verifier(): TokenVerifier;
  /** Tokens for these claims, minted again shortly before each expires. */
  tokenSource(claims: TokenClaims): TokenSource;
}

const keyFile = "issuer-key.json";

/**
 * Opens the issuer whose key lives in `keyDir` (created, readable by its owner only, on first use);
 * without a directory the key lives in memory (tests).
 */
export async function openLocalIssuer(keyDir?: string): Promise<LocalIssuer> {
  const privateJwk = keyDir === undefined ? await newPrivateJwk() : await loadOrCreate(keyDir);
  const publicJwk: JWK = { ...privateJwk };
  delete publicJwk.d;
  const key = await importJWK(privateJwk, "ES256");
  const jwks: JSONWebKeySet = { keys: [{ ...publicJwk, use: "sig", alg: "ES256" }] };
  const mint = async (claims: TokenClaims) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      tenant: claims.tenant,
      roles: [...claims.roles],
      ...(claims.kind ? { actor_kind: claims.kind } : {}),
      ...(claims.name ? { name: claims.name } : {}),
    })
      .setProtectedHeader({ alg: "ES256", kid: privateJwk.kid, typ: "JWT" })
      .setIssuer(localIssuerName)
      .setAudience(localAudience)
      .setSubject(claims.subject)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + (claims.ttlSeconds ?? 3600))
      .sign(key);
  };
  return {
    issuer: localIssuerName,
    audience: localAudience,
    jwks,
    mint,
    verifier: () => createTokenVerifier({ issuer: localIssuerName, audience: localAudience, keys: jwks }),
    tokenSource(claims) {
      const ttlSeconds = claims.ttlSeconds ?? 3600;
      let current: { token: string; renewAt: number } | undefined;
      return async () => {
        if (current === undefined || Date.now() >= current.renewAt) {
          current = { token: await mint({ ...claims, ttlSeconds }), renewAt: Date.now() + ttlSeconds * 500 };
        }
        return current.token;
      };
    },
  };
}

async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk) };
}

async function loadOrCreate(keyDir: string): Promise<JWK> {
  const path = join(keyDir, keyFile);
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8")) as JWK;
  const jwk = await newPrivateJwk();
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process created the key first: use that one.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return JSON.parse(readFileSync(path, "utf8")) as JWK;
    throw error;
  }
  chmodSync(path, 0o600);
  return jwk;
}
