import pg from "pg";
import { testStack, uniqueName } from "./stack.js";

/** A database of its own for one spec file, dropped by `drop()`. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the stack's Postgres (one per integration spec file). */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const adminUrl = testStack().databaseUrl;
  const name = uniqueName(`t_${label}`).replace(/[^a-z0-9_]/g, "_");
  await withClient(adminUrl, (c) => c.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withClient(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

/** Runs an action on a pg client connected to `url`, and ends the client. */
export async function withClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
