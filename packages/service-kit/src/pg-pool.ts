import pg from "pg";

/**
 * A pg pool that outlives the server dropping a connection (a restart, `pg_terminate_backend`, a
 * dropped database): the pool discards that client and opens a new one on next use. Without an
 * 'error' listener on the pool and on every client, pg's event would end the process; `onError`
 * hears of each such loss.
 */
export function createPgPool(config: pg.PoolConfig, onError: (error: Error) => void = warnDropped): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("error", onError);
  // A client in use when the server goes away errors too; its query rejects and the pool drops it.
  pool.on("connect", (client) => client.on("error", onError));
  return pool;
}

function warnDropped(error: Error): void {
  process.emitWarning(`a PostgreSQL connection was closed by the server (${error.message}); the pool opens a new one on next use`, "PgPoolWarning");
}
