import pg from "pg";

/**
 * A pg pool that outlives the server dropping an idle connection (a restart, `pg_terminate_backend`,
 * a dropped database): the pool discards that client and opens a new one on next use. Without an
 * 'error' listener, pg's event would end the process; `onError` hears of each such loss.
 */
export function createPgPool(config: pg.PoolConfig, onError: (error: Error) => void = warnDropped): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("error", onError);
  return pool;
}

function warnDropped(error: Error): void {
  process.emitWarning(`an idle PostgreSQL connection was closed by the server (${error.message}); the pool opens a new one on next use`, "PgPoolWarning");
}
