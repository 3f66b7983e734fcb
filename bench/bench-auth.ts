import type { Interceptor } from "@connectrpc/connect";
import { openLocalIssuer } from "@ameide/auth";
import { localIssuerDir, localPlatformAuth } from "@ameide/platform";

/**
 * The benchmarks' token issuer: services verify its tokens as in production. It is the local
 * development issuer (its key on disk under .ameide/auth), so worker-thread callers and services
 * started as their own processes (AMEIDE_AUTH_MODE=local) trust the same key.
 */
export const benchIssuer = await openLocalIssuer(localIssuerDir);
export const benchServiceAuth = { verifier: benchIssuer.verifier(), jwks: benchIssuer.jwks };
export const benchPlatformAuth = localPlatformAuth(benchIssuer);

/**
 * Calls as a caller holding `roles` in the tenant its request names (`scope` or `context.scope`);
 * one token per tenant, minted once, so signing does not weigh on the figures.
 */
export function benchCaller(roles: readonly string[]): Interceptor {
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (tenant: string) => {
    let token = tokens.get(tenant);
    if (token === undefined) tokens.set(tenant, (token = benchIssuer.mint({ subject: "bench", tenant, roles, ttlSeconds: 4 * 3600 })));
    return token;
  };
  return (next) => async (req) => {
    const message = (req.stream ? undefined : req.message) as { scope?: { tenantId?: string }; context?: { scope?: { tenantId?: string } } } | undefined;
    const tenant = message?.scope?.tenantId ?? message?.context?.scope?.tenantId ?? req.header.get("x-bench-tenant") ?? "bench";
    req.header.set("authorization", `Bearer ${await tokenFor(tenant)}`);
    return next(req);
  };
}
