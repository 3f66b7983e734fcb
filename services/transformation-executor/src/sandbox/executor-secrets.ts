import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExecutorConfig } from "../executor-config.js";
import { createScrubber, type Scrubber, secretEnvName } from "./scrubber.js";

/**
 * A scrubber of every secret this executor holds: the Codex credential, its service token and
 * Kafka password files, and environment variables named like secrets. The current service token
 * is added as each outcome is recorded (it is minted or rotated while the executor runs).
 */
export function executorScrubber(config: ExecutorConfig, env: NodeJS.ProcessEnv = process.env): Scrubber {
  const files = [join(config.codexHome, "auth.json"), env.AMEIDE_SERVICE_TOKEN_FILE, env.KAFKA_SASL_PASSWORD_FILE, env.KAFKA_SASL_OAUTHBEARER_TOKEN_FILE];
  const secrets = files.flatMap((file) => (file ? readable(file) : []));
  for (const [name, value] of Object.entries(env)) if (value !== undefined && secretEnvName.test(name)) secrets.push(value);
  return createScrubber(secrets);
}

function readable(file: string): string[] {
  try {
    return [readFileSync(file, "utf8")];
  } catch {
    return [];
  }
}
