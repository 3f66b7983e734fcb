import pg from "pg";
import { createStackController } from "@ameide/stack";

/** Where a service finds its engines. */
export interface ServiceEnv {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string;
  readonly temporalAddress: string;
  /** Temporal's Web UI, when known (TEMPORAL_UI_URL, or the local stack's). */
  readonly temporalUiUrl?: string;
}

/**
 * Engines from DATABASE_URL / KAFKA_BROKERS / TEMPORAL_ADDRESS, else from the local stack; on the
 * local stack each service gets a database of its own (`database`), created on first use.
 */
export async function resolveServiceEnv(
  database: string,
  env: NodeJS.ProcessEnv = process.env,
  needs: ReadonlyArray<"DATABASE_URL" | "KAFKA_BROKERS" | "TEMPORAL_ADDRESS"> = ["DATABASE_URL", "KAFKA_BROKERS", "TEMPORAL_ADDRESS"],
): Promise<ServiceEnv> {
  const missing = needs.filter((name) => !env[name]);
  const stack = missing.length > 0 ? await createStackController().info() : undefined;
  if (stack === undefined && missing.length > 0) {
    throw new Error(`${missing.join(", ")} not set and no local stack is up: run \`npx ameide stack up\` or set them`);
  }
  const needsDatabase = needs.includes("DATABASE_URL");
  return {
    databaseUrl: env.DATABASE_URL || (needsDatabase ? await ensureDatabase(stack?.databaseUrl ?? "", database) : ""),
    kafkaBrokers: env.KAFKA_BROKERS || (stack?.kafkaBrokers ?? ""),
    temporalAddress: env.TEMPORAL_ADDRESS || (stack?.temporalAddress ?? ""),
    temporalUiUrl: env.TEMPORAL_UI_URL || (env.TEMPORAL_ADDRESS ? undefined : (stack ?? (await createStackController().info()))?.temporalUiUrl),
  };
}

async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on("error", () => undefined); // a lost connection rejects the query in flight
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (rowCount === 0) await client.query(`create database "${database.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
