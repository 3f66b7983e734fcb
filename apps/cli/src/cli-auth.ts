import { userInfo } from "node:os";
import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import type { DescService } from "@bufbuild/protobuf";
import { bearerAuth, type TokenSource, openLocalIssuer } from "@ameide/auth";
import { localIssuerDir } from "@ameide/platform/local";

/** Roles the CLI asks the local issuer for on the user's behalf. */
export const localUserRoles = ["viewer", "operator", "approver"] as const;

/**
 * The caller's token: AMEIDE_TOKEN when set (any issuer the platform trusts), else one the local
 * development issuer mints for the current user in `tenant` with `roles` (`repo add|remove` ask for
 * admin), minted once and again shortly before it expires.
 */
export function cliToken(tenant: string, roles: readonly string[] = localUserRoles, env: NodeJS.ProcessEnv = process.env): TokenSource {
  const given = env.AMEIDE_TOKEN?.trim();
  if (given) return () => Promise.resolve(given);
  let local: Promise<TokenSource> | undefined;
  return async () => {
    local ??= openLocalIssuer(localIssuerDir).then((issuer) =>
      issuer.tokenSource({ subject: localUserSubject(), tenant, roles, ttlSeconds: 900, kind: "human" }),
    );
    return (await local)();
  };
}

/** The subject of tokens the CLI mints for the local user. */
export function localUserSubject(): string {
  return `${userInfo().username}@local`;
}

/** A Connect client that calls `baseUrl` with the caller's token. */
export function authedClient<S extends DescService>(service: S, baseUrl: string, token: TokenSource): Client<S> {
  return createClient(service, createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [bearerAuth(token)] }));
}

/**
 * A token for a console link: the local user's for eight hours; none when AMEIDE_TOKEN is set
 * (the platform then trusts another issuer, and the console asks to sign in).
 */
export async function consoleLinkToken(tenant: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.AMEIDE_TOKEN?.trim()) return "";
  return (await openLocalIssuer(localIssuerDir)).mint({ subject: localUserSubject(), tenant, roles: localUserRoles, ttlSeconds: 8 * 3600, kind: "human" });
}
