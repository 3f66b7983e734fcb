import { readFileSync } from "node:fs";

/** SASL mechanisms the bus speaks to a secured cluster. */
export type SaslMechanism = "SCRAM-SHA-256" | "SCRAM-SHA-512" | "OAUTHBEARER" | "PLAIN";

/** How a client authenticates to and encrypts traffic with the brokers. */
export interface KafkaSecurity {
  readonly sasl?: {
    readonly mechanism: SaslMechanism;
    readonly username?: string;
    /** Read when a connection authenticates, so a rotated secret file takes effect. */
    readonly password?: () => string;
    /** OAUTHBEARER: the bearer token, read when a connection authenticates. */
    readonly token?: () => string;
  };
  /** TLS to the brokers; `ca` (PEM) replaces the system's trust store. */
  readonly tls?: { readonly ca?: string; readonly rejectUnauthorized: boolean };
}

const mechanisms: readonly SaslMechanism[] = ["SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "PLAIN"];

/**
 * Security from the environment (none: PLAINTEXT, as the local stack speaks):
 * KAFKA_SASL_MECHANISM (SCRAM-SHA-256 | SCRAM-SHA-512 | OAUTHBEARER | PLAIN),
 * KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD_FILE (or KAFKA_SASL_PASSWORD),
 * KAFKA_SASL_OAUTHBEARER_TOKEN_FILE, KAFKA_TLS=true, KAFKA_TLS_CA_FILE.
 */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaSecurity {
  const mechanism = env.KAFKA_SASL_MECHANISM?.toUpperCase();
  const tlsOn = env.KAFKA_TLS === "true" || env.KAFKA_TLS_CA_FILE !== undefined;
  const tls = tlsOn
    ? { ca: env.KAFKA_TLS_CA_FILE ? readFileSync(env.KAFKA_TLS_CA_FILE, "utf8") : undefined, rejectUnauthorized: env.KAFKA_TLS_INSECURE !== "true" }
    : undefined;
  if (!mechanism) return tls === undefined ? {} : { tls };
  if (!mechanisms.includes(mechanism as SaslMechanism)) {
    throw new Error(`KAFKA_SASL_MECHANISM "${env.KAFKA_SASL_MECHANISM}" is not supported; use one of ${mechanisms.join(", ")}`);
  }
  const secret = (file: string | undefined, value: string | undefined, name: string) => {
    if (file) return () => readFileSync(file, "utf8").trim();
    if (value) return () => value;
    throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs ${name}_FILE (or ${name})`);
  };
  if (mechanism === "OAUTHBEARER") {
    return { sasl: { mechanism, token: secret(env.KAFKA_SASL_OAUTHBEARER_TOKEN_FILE, env.KAFKA_SASL_OAUTHBEARER_TOKEN, "KAFKA_SASL_OAUTHBEARER_TOKEN") }, tls };
  }
  if (!env.KAFKA_SASL_USERNAME) throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME`);
  return {
    sasl: {
      mechanism: mechanism as SaslMechanism,
      username: env.KAFKA_SASL_USERNAME,
      password: secret(env.KAFKA_SASL_PASSWORD_FILE, env.KAFKA_SASL_PASSWORD, "KAFKA_SASL_PASSWORD"),
    },
    tls,
  };
}
