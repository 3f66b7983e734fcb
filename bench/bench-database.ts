import pg from "pg";

/** A database of the benchmark's own, dropped at the end. */
export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates `bench_<label>_<timestamp>` on the server of `adminUrl`. */
export async function createBenchDatabase(adminUrl: string, label: string): Promise<BenchDatabase> {
  const name = `bench_${label}_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
  await withClient(adminUrl, (c) => c.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withClient(adminUrl, (c) => dropDatabase(c, name)),
  };
}

const objectInUse = "55006";

// A plain drop waits (up to 5 s) for closing connections to go; forcing at once would kill
// connections a pool is still ending, whose error then surfaces in the pool. Force is the
// fallback for a connection a failed run left open.
async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  try {
    await client.query(`drop database if exists "${name}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== objectInUse) throw error;
    await client.query(`drop database if exists "${name}" with (force)`);
  }
}

async function withClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
