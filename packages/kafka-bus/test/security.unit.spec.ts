import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kafkaSecurityFromEnv } from "../src/security.js";

const dir = mkdtempSync(join(tmpdir(), "ameide-kafka-security-"));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe("Kafka security from the environment", () => {
  it("is PLAINTEXT when nothing is set (the local stack)", () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it("reads SCRAM credentials from a secret file each time a connection authenticates", () => {
    const password = file("password", "first\n");
    const security = kafkaSecurityFromEnv({
      KAFKA_SASL_MECHANISM: "scram-sha-512",
      KAFKA_SASL_USERNAME: "transformation-domain",
      KAFKA_SASL_PASSWORD_FILE: password,
    });
    expect(security.sasl).toMatchObject({ mechanism: "SCRAM-SHA-512", username: "transformation-domain" });
    expect(security.sasl?.password?.()).toBe("first");
    writeFileSync(password, "rotated\n");
    expect(security.sasl?.password?.()).toBe("rotated");
  });

  it("takes an OAUTHBEARER token and TLS with a private CA", () => {
    const security = kafkaSecurityFromEnv({
      KAFKA_SASL_MECHANISM: "OAUTHBEARER",
      KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: file("token", "eyJ.token\n"),
      KAFKA_TLS_CA_FILE: file("ca.pem", "-----BEGIN CERTIFICATE-----\n"),
    });
    expect(security.sasl?.token?.()).toBe("eyJ.token");
    expect(security.tls).toEqual({ ca: "-----BEGIN CERTIFICATE-----\n", rejectUnauthorized: true });
  });

  it("names what is missing or unknown", () => {
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: "GSSAPI" })).toThrow(/not supported; use one of SCRAM-SHA-256/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: "SCRAM-SHA-256" })).toThrow(/needs KAFKA_SASL_USERNAME/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: "SCRAM-SHA-256", KAFKA_SASL_USERNAME: "u" })).toThrow(/needs KAFKA_SASL_PASSWORD_FILE/);
  });
});
