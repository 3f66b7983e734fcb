import type { Kysely } from "kysely";
import type { RegistrationHints } from "./repository/registration-hints.js";
import type { DomainDatabase } from "./store/domain-database.js";
import type { RequestWorkWrites } from "./work/request-work-writes.js";

/** What command handlers need from the outside world; time and ids are injected. */
export interface DomainDeps {
  readonly db: Kysely<DomainDatabase>;
  readonly clock: () => Date;
  readonly newId: () => string;
  /** Workload identity stamped on every fact (`meta.producer`). */
  readonly producer: string;
  /** How long a started attempt holds its work beyond the attempt's timeout. */
  readonly leaseGraceSeconds: number;
  /** An attempt's timeout when the work names none; matches the executors' EXECUTOR_TIMEOUT_SECONDS. */
  readonly defaultAttemptTimeoutSeconds?: number;
  /** Repository registrations as this process last read them (RequestWork verifies them). */
  readonly registrations: RegistrationHints;
  /** Where RequestWork writes its new WorkRequests (concurrent ones share a statement). */
  readonly requestWorkWrites: RequestWorkWrites;
}
