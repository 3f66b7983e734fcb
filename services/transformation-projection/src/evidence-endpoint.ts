import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AuthenticationError, type TokenVerifier } from "@ameide/auth";
import type { Endpoint } from "@ameide/service-kit";
import { type Kysely, sql } from "kysely";
import type { ProjectionDatabase } from "./projection-database.js";

const sha256Ref = /^sha256:([0-9a-f]{64})$/;

/**
 * `GET /evidence/sha256:<hex>`: an evidence blob (a bundle manifest or one of its items) for the
 * web console, to a caller whose token verifies and only when a fact of the caller's tenant names
 * that blob (as an outcome's evidence bundle or artifact); any other ref answers as absent.
 */
export function evidenceEndpoint(db: Kysely<ProjectionDatabase>, verifier: TokenVerifier, evidenceUrl: string): Endpoint {
  const root = evidenceUrl.startsWith("file:") ? fileURLToPath(evidenceUrl) : evidenceUrl;
  return async ({ path, authorization }) => {
    let tenant: string;
    try {
      tenant = (await verifier.verify(authorization)).tenant;
    } catch (error) {
      if (error instanceof AuthenticationError) return { status: 401, json: { code: "unauthenticated", message: error.message } };
      throw error;
    }
    const ref = decodeURIComponent(path.slice("/evidence/".length));
    const hex = sha256Ref.exec(ref)?.[1];
    const absent = { status: 404, json: { code: "not_found", message: `evidence ${ref} does not exist for this tenant` } };
    if (hex === undefined) return { status: 400, json: { code: "invalid_argument", message: "give an evidence ref sha256:<64 hex>" } };
    const named = await sql<{ found: number }>`
      select 1 as found from card_fact
      where (tenant_id = ${tenant} or ${tenant} = '*') and position(convert_to(${hex}, 'UTF8') in payload) > 0
      limit 1`.execute(db);
    if (named.rows.length === 0) return absent;
    const bytes = await readFile(join(root, "sha256", hex.slice(0, 2), hex)).catch(() => undefined);
    if (bytes === undefined) return absent;
    const json = bytes[0] === 0x7b;
    return { status: 200, body: bytes, contentType: json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8" };
  };
}
