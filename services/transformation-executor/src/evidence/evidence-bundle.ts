import { create } from "@bufbuild/protobuf";
import { type ArtifactRef, ArtifactRefSchema } from "@ameide/proto/ameide_core_proto/transformation/work/v1/transformation_work_request_pb";
import type { EvidenceStore } from "./evidence-store.js";

/** One named item of an evidence bundle. */
export interface EvidenceItem {
  readonly name: string;
  readonly mediaType: string;
  readonly content: string | Uint8Array;
}

/** A stored bundle: its id (the manifest's address) and a reference per item. */
export interface StoredBundle {
  readonly bundleId: string;
  readonly refs: ArtifactRef[];
}

/**
 * Stores every item, then a JSON manifest naming them by hash; the manifest's address is the
 * bundle id (`sha256:<hex>`), so a bundle is immutable and verifiable end to end.
 */
export async function storeEvidenceBundle(store: EvidenceStore, items: readonly EvidenceItem[]): Promise<StoredBundle> {
  const refs: ArtifactRef[] = [];
  const entries = [];
  for (const item of items) {
    const blob = await store.put(item.content);
    refs.push(create(ArtifactRefSchema, { uri: blob.uri, sha256: blob.sha256, mediaType: item.mediaType, sizeBytes: BigInt(blob.sizeBytes) }));
    entries.push({ name: item.name, sha256: blob.sha256, mediaType: item.mediaType, sizeBytes: blob.sizeBytes });
  }
  const manifest = await store.put(JSON.stringify({ kind: "ameide.evidence.v1", entries }, null, 2));
  refs.unshift(
    create(ArtifactRefSchema, {
      uri: manifest.uri,
      sha256: manifest.sha256,
      mediaType: "application/vnd.ameide.evidence+json",
      sizeBytes: BigInt(manifest.sizeBytes),
    }),
  );
  return { bundleId: `sha256:${manifest.sha256}`, refs };
}
