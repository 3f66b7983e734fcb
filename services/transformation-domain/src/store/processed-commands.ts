import { createHash } from "node:crypto";
import { clone, type DescMessage, type MessageShape, toBinary } from "@bufbuild/protobuf";
import type { Transaction } from "kysely";
import { DomainError } from "../domain-error.js";
import type { DomainDatabase } from "./domain-database.js";

/** A command's idempotency identity: who sent it, which command, which key, what payload. */
export interface CommandKey {
  readonly tenantId: string;
  readonly command: string;
  readonly idempotencyKey: string;
  readonly fingerprint: string;
}

/** Fingerprint of a command payload; the context (correlation, trace) does not count. */
export function commandFingerprint<D extends DescMessage>(schema: D, command: MessageShape<D> & { context?: unknown }): string {
  const payload = clone(schema, command) as MessageShape<D> & { context?: unknown };
  payload.context = undefined;
  return createHash("sha256").update(toBinary(schema, payload)).digest("hex");
}

/**
 * The aggregate id a key was already applied to, or undefined for a new key. The same key with
 * another payload is refused: a key names exactly one command.
 */
export async function findProcessed(tx: Transaction<DomainDatabase>, key: CommandKey): Promise<string | undefined> {
  const row = await tx
    .selectFrom("processed_command")
    .select(["fingerprint", "aggregate_id"])
    .where("tenant_id", "=", key.tenantId)
    .where("command", "=", key.command)
    .where("idempotency_key", "=", key.idempotencyKey)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (row.fingerprint !== key.fingerprint) {
    throw new DomainError(
      "already_exists",
      `idempotency_key "${key.idempotencyKey}" was already used for a different ${key.command}; use a new key for a new command`,
    );
  }
  return row.aggregate_id;
}

/** Records that a key was applied, in the same transaction as its effect. */
export async function recordProcessed(tx: Transaction<DomainDatabase>, key: CommandKey, aggregateId: string): Promise<void> {
  await tx
    .insertInto("processed_command")
    .values({
      tenant_id: key.tenantId,
      command: key.command,
      idempotency_key: key.idempotencyKey,
      fingerprint: key.fingerprint,
      aggregate_id: aggregateId,
      created_at: new Date(),
    })
    .execute();
}
