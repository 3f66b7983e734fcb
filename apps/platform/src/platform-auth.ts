import { join } from "node:path";
import { anyTenant, createTokenVerifier, fileTokenSource, type LocalIssuer, openLocalIssuer, type TokenSource, verifierConfigFromEnv } from "@ameide/auth";
import type { ServiceAuth } from "@ameide/service-kit";
import { localStateDir } from "./local-setup.js";

/** Where the local development issuer keeps its signing key. */
export const localIssuerDir = join(localStateDir, "auth");

/** How the platform's services know callers, and the tokens they call each other with. */
export interface PlatformAuth {
  /** What each service's Connect server verifies. */
  readonly service: ServiceAuth;
  /** The token a platform service (Process: "process"; an executor: "executor:<class>") sends. */
  serviceToken(subject: string, role: string): TokenSource;
  /** "issuer <iss>" or "local development issuer", for the startup log. */
  readonly description: string;
}

/**
 * The organisation's issuer when AMEIDE_AUTH_JWKS_URL is set (service tokens from
 * AMEIDE_SERVICE_TOKEN_FILE); the local development issuer under `.ameide/auth` only when
 * AMEIDE_AUTH_MODE=local (set by `ameide up` and the demo). Anything else refuses to start.
 */
export async function resolvePlatformAuth(env: NodeJS.ProcessEnv = process.env): Promise<PlatformAuth> {
  const configured = verifierConfigFromEnv(env);
  if (configured !== undefined) {
    const tokenFile = env.AMEIDE_SERVICE_TOKEN_FILE;
    return {
      service: { verifier: createTokenVerifier(configured) },
      serviceToken(subject) {
        if (!tokenFile) throw new Error(`${subject} calls other services: set AMEIDE_SERVICE_TOKEN_FILE to its service token`);
        return fileTokenSource(tokenFile);
      },
      description: `issuer ${configured.issuer}`,
    };
  }
  if (env.AMEIDE_AUTH_MODE === "local") return localPlatformAuth(await openLocalIssuer(localIssuerDir));
  throw new Error(
    "no token issuer configured: set AMEIDE_AUTH_JWKS_URL, AMEIDE_AUTH_ISSUER and AMEIDE_AUTH_AUDIENCE (production), or AMEIDE_AUTH_MODE=local for the development issuer",
  );
}

/** Auth backed by a local issuer: it verifies callers, serves its JWKS and mints the service tokens. */
export function localPlatformAuth(issuer: LocalIssuer): PlatformAuth {
  return {
    service: { verifier: issuer.verifier(), jwks: issuer.jwks },
    serviceToken: (subject, role) => issuer.tokenSource({ subject, tenant: anyTenant, roles: [role], kind: "service" }),
    description: "local development issuer",
  };
}
