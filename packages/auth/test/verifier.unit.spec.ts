import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, exportJWK, generateKeyPair, type JSONWebKeySet } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createTokenVerifier, fileTokenSource, openLocalIssuer, parseDuration, roleAllowed, verifierConfigFromEnv } from "../src/index.js";

/** A JWKS endpoint whose key set the test swaps, as an IdP does when it rotates keys. */
let served: JSONWebKeySet = { keys: [] };
const jwksServer = http.createServer((_, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(served));
});
await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
const jwksUrl = new URL(`http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`);
afterAll(() => new Promise((resolve) => jwksServer.close(resolve)));

async function idpKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}
const sign = (key: Parameters<SignJWT["sign"]>[0], kid: string, claims: Record<string, unknown>, iss = "https://idp.example") =>
  new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid }).setIssuer(iss).setAudience("ameide").setSubject("alice").setExpirationTime("5m").sign(key);

describe("a verifier of an external issuer (JWKS URL)", () => {
  const verifier = createTokenVerifier({
    issuer: "https://idp.example",
    audience: "ameide",
    keys: jwksUrl,
    rolesClaim: "realm_access.roles",
    tenantClaim: "org",
    refetchCooldownMs: 0,
  });

  it("reads tenant and roles from configured claim paths (Keycloak's realm_access.roles)", async () => {
    const k1 = await idpKey("k1");
    served = { keys: [k1.jwk] };
    const token = await sign(k1.privateKey, "k1", { org: "acme", realm_access: { roles: ["viewer", "approver"] }, name: "Alice" });
    expect(await verifier.verify(`Bearer ${token}`)).toEqual({
      subject: "alice",
      tenant: "acme",
      roles: ["viewer", "approver"],
      kind: "human",
      displayName: "Alice",
    });
  });

  it("follows a key rotation: a token with a new kid refetches the key set", async () => {
    const k2 = await idpKey("k2");
    served = { keys: [...served.keys, k2.jwk] };
    const token = await sign(k2.privateKey, "k2", { org: "acme", realm_access: { roles: ["viewer"] } });
    expect((await verifier.verify(`Bearer ${token}`)).tenant).toBe("acme");
  });

  it("names what is wrong: issuer, audience, missing tenant or roles", async () => {
    const k3 = await idpKey("k3");
    served = { keys: [...served.keys, k3.jwk] };
    await expect(
      verifier.verify(`Bearer ${await sign(k3.privateKey, "k3", { org: "acme", realm_access: { roles: ["viewer"] } }, "https://evil.example")}`),
    ).rejects.toThrow(/issuer is not "https:\/\/idp.example"/);
    await expect(verifier.verify(`Bearer ${await sign(k3.privateKey, "k3", { realm_access: { roles: ["viewer"] } })}`)).rejects.toThrow(/no "org" claim/);
    await expect(verifier.verify(`Bearer ${await sign(k3.privateKey, "k3", { org: "acme" })}`)).rejects.toThrow(/no roles in its "realm_access.roles" claim/);
  });

  it("refuses an unsigned (alg none) token", async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify({ sub: "alice", org: "acme", iss: "https://idp.example", aud: "ameide", exp: Date.now() / 1000 + 60, realm_access: { roles: ["admin"] } })).toString("base64url")}.`;
    await expect(verifier.verify(`Bearer ${unsigned}`)).rejects.toThrow();
  });
});

describe("configuration", () => {
  it("needs issuer and audience with a JWKS URL", () => {
    expect(verifierConfigFromEnv({})).toBeUndefined();
    expect(() => verifierConfigFromEnv({ AMEIDE_AUTH_JWKS_URL: "https://idp.example/jwks" })).toThrow(/AMEIDE_AUTH_ISSUER and AMEIDE_AUTH_AUDIENCE/);
    expect(verifierConfigFromEnv({ AMEIDE_AUTH_JWKS_URL: "https://idp.example/jwks", AMEIDE_AUTH_ISSUER: "i", AMEIDE_AUTH_AUDIENCE: "a" })).toMatchObject({
      issuer: "i",
      audience: "a",
    });
  });

  it("parses token lifetimes", () => {
    expect([parseDuration("90s"), parseDuration("15m"), parseDuration("8h"), parseDuration("2d"), parseDuration("30")]).toEqual([90, 900, 28_800, 172_800, 30]);
    expect([parseDuration("1w"), parseDuration("-5m"), parseDuration("0")]).toEqual([undefined, undefined, undefined]);
  });

  it("admits executor classes through executor:* but never the process role", () => {
    expect(roleAllowed(["executor:*"], "executor:toolrun.verify")).toBe(true);
    expect(roleAllowed(["executor:*"], "process")).toBe(false);
    expect(roleAllowed(["executor:*"], "executor:")).toBe(false);
    expect(roleAllowed(["viewer"], "admin")).toBe(false);
  });
});

describe("the local issuer and service tokens", () => {
  it("keeps its key in the directory, readable by its owner only, and verifies its own tokens", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ameide-issuer-"));
    const first = await openLocalIssuer(dir);
    const again = await openLocalIssuer(dir);
    expect(again.jwks).toEqual(first.jwks);
    const token = await first.mint({ subject: "bob", tenant: "t1", roles: ["operator"] });
    expect(await again.verifier().verify(`Bearer ${token}`)).toMatchObject({ subject: "bob", tenant: "t1", roles: ["operator"], kind: "human" });
    expect(JSON.stringify(first.jwks)).not.toContain('"d"');
    const { statSync } = await import("node:fs");
    expect(statSync(join(dir, "issuer-key.json")).mode & 0o077).toBe(0);
  });

  it("reads a service token file again after it is rotated", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ameide-token-")), "token");
    writeFileSync(file, "first\n");
    const source = fileTokenSource(file);
    expect(await source()).toBe("first");
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(file, "second\n");
    expect(await source()).toBe("second");
  });
});
