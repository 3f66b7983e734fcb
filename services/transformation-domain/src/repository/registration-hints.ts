import { fromBinary } from "@bufbuild/protobuf";
import { type Repository, RepositorySchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_repository_pb";

/** A tenant's repository registration as last read: the message and its stored bytes. */
export interface Registration {
  readonly repository: Repository | undefined;
  readonly snapshot: Uint8Array | undefined;
}

/**
 * Registrations as last read, by tenant and repository. Only a hint: every RequestWork statement
 * checks that the stored registration still has these bytes and refuses to write otherwise, so a
 * change or removal takes effect on the next command, in every process. Bounded: cleared when full.
 */
export class RegistrationHints {
  readonly #byKey = new Map<string, Registration>();
  get(tenantId: string, repositoryId: string): Registration | undefined {
    return this.#byKey.get(`${tenantId}\u0000${repositoryId}`);
  }
  set(tenantId: string, repositoryId: string, snapshot: Uint8Array | undefined): Registration {
    const registration = { snapshot, repository: snapshot === undefined ? undefined : fromBinary(RepositorySchema, snapshot) };
    if (this.#byKey.size >= 10_000) this.#byKey.clear();
    this.#byKey.set(`${tenantId}\u0000${repositoryId}`, registration);
    return registration;
  }
}
