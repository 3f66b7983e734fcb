import type { Transaction } from "kysely";
import type { DomainDeps } from "./domain-deps.js";
import type { DomainDatabase } from "./store/domain-database.js";

const uniqueViolation = "23505";

/**
 * Runs a command transaction, retrying when a concurrent duplicate won a unique constraint: the
 * retry then finds the winner's row and answers as a repeat.
 */
export async function inTransaction<T>(deps: DomainDeps, body: (tx: Transaction<DomainDatabase>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction().execute(body);
    } catch (error) {
      if (attempt >= 3 || (error as { code?: string }).code !== uniqueViolation) throw error;
    }
  }
}
