import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AuthenticationError, type TokenVerifier } from "@ameide/auth";
import type { Endpoint } from "@ameide/service-kit";
import { fromBinary } from "@bufbuild/protobuf";
import type { Kysely } from "kysely";
import { CardSchema } from "@ameide/proto/ameide_core_proto/platform/kanban/v1/platform_kanban_board_pb";
import type { ProjectionDatabase } from "./projection-database.js";

const sha256Ref = /^sha256:([0-9a-f]{64})$/;

/**
 * `GET /evidence/sha256:<hex>?card=<card id>`: an evidence blob (a bundle manifest or one of its
 * items) for the web console, to a caller whose token verifies and only when that card of the
 * caller's tenant names the bundle, or the item is listed in one of the card's bundles; any other
 * ref answers as absent. Naming the card keeps a request to one card's row and its few bundles.
 */
export function evidenceEndpoint(db: Kysely<ProjectionDatabase>, verifier: TokenVerifier, evidenceUrl: string): Endpoint {
  const root = evidenceUrl.startsWith("file:") ? fileURLToPath(evidenceUrl) : evidenceUrl;
  return async ({ path, query, authorization }) => {
    let tenant: string;
    try {
      tenant = (await verifier.verify(authorization)).tenant;
    } catch (error) {
      if (error instanceof AuthenticationError) return { status: 401, json: { code: "unauthenticated", message: error.message } };
      throw error;
    }
    const ref = path.slice("/evidence/".length).replace(/^sha256%3A/i, "sha256:");
    const hex = sha256Ref.exec(ref)?.[1];
    const absent = { status: 404, json: { code: "not_found", message: `evidence ${ref} does not exist for this tenant` } };
    if (hex === undefined) return { status: 400, json: { code: "invalid_argument", message: "give an evidence ref sha256:<64 hex>" } };
    const cardId = query.get("card") ?? "";
    if (!/^[\x21-\x7e]{1,256}$/.test(cardId)) {
      return {
        status: 400,
        json: { code: "invalid_argument", message: "name the card whose evidence it is: /evidence/sha256:<hex>?card=<card id> (printable ASCII, at most 256)" },
      };
    }
    // Which blobs the tenant may read is decided from its cards' structure (each work item's
    // evidence bundle, and the items that bundle's manifest lists), never by searching stored
    // bytes a repository's output could have put a foreign hash into.
    const blob = (sha: string) => readFile(join(root, "sha256", sha.slice(0, 2), sha)).catch(() => undefined);
    const card = await db.selectFrom("card").select("view").where("tenant_id", "=", tenant).where("card_id", "=", cardId).executeTakeFirst();
    if (card === undefined) return absent;
    const bundles = new Set(
      fromBinary(CardSchema, card.view)
        .workItems.map((w) => w.evidenceBundleId)
        .filter((b) => sha256Ref.test(b)),
    );
    let named = bundles.has(ref);
    for (const bundle of bundles) {
      if (named) break;
      const manifest = await blob(bundle.slice("sha256:".length));
      const entries = manifestEntries(manifest);
      named = entries.some((e) => e.sha256 === hex);
    }
    if (!named) return absent;
    const bytes = await blob(hex);
    if (bytes === undefined) return absent;
    const json = bytes[0] === 0x7b;
    return { status: 200, body: bytes, contentType: json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8" };
  };
}

/** The items a bundle manifest lists (none when the blob is missing or not a manifest). */
function manifestEntries(manifest: Buffer | undefined): Array<{ sha256?: string }> {
  try {
    return manifest === undefined ? [] : ((JSON.parse(manifest.toString("utf8")) as { entries?: Array<{ sha256?: string }> }).entries ?? []);
  } catch {
    return [];
  }
}
