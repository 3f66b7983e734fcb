import { bearerAuth, type LocalIssuer, openLocalIssuer, type TokenClaims, type TokenSource } from "@ameide/auth";
import { createConnectTransport } from "@connectrpc/connect-node";
import type { Interceptor, Transport } from "@connectrpc/connect";

let issuer: Promise<LocalIssuer> | undefined;

/** The tests' token issuer: an in-memory key, one per test file. */
export function testIssuer(): Promise<LocalIssuer> {
  return (issuer ??= openLocalIssuer());
}

/** What a service under test verifies callers with. */
export async function testServiceAuth(): Promise<{ verifier: Awaited<ReturnType<LocalIssuer["verifier"]>>; jwks: LocalIssuer["jwks"] }> {
  const i = await testIssuer();
  return { verifier: i.verifier(), jwks: i.jwks };
}

/** Tokens for a caller (minted by the test issuer). */
export function testToken(claims: Partial<TokenClaims> & Pick<TokenClaims, "tenant" | "roles">): TokenSource {
  return async () => (await testIssuer()).mint({ subject: "test-user", ...claims });
}

/** A Connect transport (HTTP/1.1) that calls as the given caller. */
export function authedTransport(baseUrl: string, claims: Partial<TokenClaims> & Pick<TokenClaims, "tenant" | "roles">): Transport {
  return createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [bearerAuth(testToken(claims))] });
}

/**
 * A transport whose every call is made by a caller of the request's own tenant (read from its
 * `scope` or `context.scope`): for specs that work across many tenants of their own.
 */
export function perTenantTransport(baseUrl: string, roles: readonly string[], httpVersion: "1.1" | "2" = "1.1"): Transport {
  const tenantOf = (message: unknown) => {
    const m = message as { scope?: { tenantId?: string }; context?: { scope?: { tenantId?: string } } };
    return m.scope?.tenantId ?? m.context?.scope?.tenantId ?? "";
  };
  const sign = async (header: Headers, message: unknown) =>
    header.set("authorization", `Bearer ${await (await testIssuer()).mint({ subject: "test-user", tenant: tenantOf(message) || "none", roles })}`);
  const interceptor: Interceptor = (next) => async (req) => {
    if (!req.stream) {
      await sign(req.header, req.message);
      return next(req);
    }
    const iterator = req.message[Symbol.asyncIterator]();
    const first = await iterator.next();
    await sign(req.header, first.value);
    async function* replay() {
      if (first.done !== true) yield first.value;
      for (let r = await iterator.next(); r.done !== true; r = await iterator.next()) yield r.value;
    }
    return next({ ...req, message: replay() });
  };
  return createConnectTransport({ baseUrl, httpVersion, interceptors: [interceptor] });
}
