import { fromBinary } from "@bufbuild/protobuf";
import { type Repository, RepositorySchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";

/** A tenant's repository registration as last read: the message and its stored bytes. */
export interface Registration {
  readonly repository: Repository | undefined;
  readonly snapshot: Uint8Array | undefined;
}

/**
 * Registrations as last read, by tenant and repository. Only a hint: every RequestWork statement
 * checks that the stored registration still has these bytes and refuses to write otherwise, and a
 * refusal is only given on a registration read afresh, so a change, removal or new registration
 * takes effect on the next command, in every process. Bounded: cleared when full.
 */
export class RegistrationHints {
  readonly #byKey = new Map<string, Registration>();
  get(tenantId: string, repositoryId: string): Registration | undefined {
    return this.#byKey.get(`${tenantId}\u0000${repositoryId}`);
  }
  /** Records a registration as just read; an absent one is not kept (callers choose the ids). */
  set(tenantId: string, repositoryId: string, snapshot: Uint8Array | undefined): Registration {
    const key = `${tenantId}\u0000${repositoryId}`;
    if (snapshot === undefined) {
      this.#byKey.delete(key);
      return { snapshot, repository: undefined };
    }
    const registration = { snapshot, repository: fromBinary(RepositorySchema, snapshot) };
    if (this.#byKey.size >= 10_000) this.#byKey.clear();
    this.#byKey.set(key, registration);
    return registration;
  }
}
