import type { Kysely } from "kysely";
import { type ApplyOutcome, applyFacts, type FactRecord, type MappingSource } from "@ameide/transformation-projection";
import type { ProjectionDatabase } from "@ameide/transformation-projection";
import { completedRun } from "@ameide/transformation-projection/test-fixtures";
import { type Percentiles, percentiles } from "./percentiles.js";

/** How a batch of facts went through `applyFacts`. */
export interface IngestResult {
  readonly appliers: number;
  readonly cards: number;
  readonly facts: number;
  /** From the first apply to the last commit, all appliers together. */
  readonly elapsedMs: number;
  readonly factsPerSecond: number;
  /** Records per `applyFacts` call (the consumer's batch limit). */
  readonly batchRecords: number;
  /** One `applyFacts` call (its transaction), as the applier saw it. */
  readonly applyLatency: Percentiles;
  readonly outcomes: Readonly<Partial<Record<ApplyOutcome, number>>>;
  /** CPU time of this Node process (appliers, Kysely, pg, protobuf) ÷ elapsed, in % of one core. */
  readonly nodeCpuPercent: number;
}

/** A card id that sorts like its number (`pbench-0000042`); not `r2r-`, so the Process fact ingress ignores it. */
export function benchCardId(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(7, "0")}`;
}

/**
 * The records of `cards` completed runs (14 facts each), split over `appliers`: applier k gets
 * every k-th card, whole, and plays partition k with offsets counting up, as one partition of
 * the real consumer does (one record in flight per partition, checkpoint rows not shared).
 */
export function completedRunBatches(tenantId: string, cardPrefix: string, cards: number, appliers: number): FactRecord[][] {
  const batches = Array.from({ length: appliers }, () => [] as FactRecord[]);
  for (let i = 0; i < cards; i++) {
    const batch = batches[i % appliers] ?? [];
    for (const record of completedRun(tenantId, benchCardId(cardPrefix, i))) {
      batch.push({ ...record, partition: i % appliers, offset: String(batch.length) });
    }
  }
  return batches;
}

/**
 * Applies every batch, one applier per batch, each applying its records in order, `batchRecords`
 * at a time per `applyFacts` call (1: one transaction per record).
 */
export async function applyBatches(
  db: Kysely<ProjectionDatabase>,
  batches: readonly FactRecord[][],
  mappingFor: MappingSource,
  signal: AbortSignal,
  batchRecords: number,
): Promise<Omit<IngestResult, "cards">> {
  const latenciesMs: number[] = [];
  let facts = 0;
  const outcomes: Partial<Record<ApplyOutcome, number>> = {};
  const applier = async (records: readonly FactRecord[]): Promise<void> => {
    for (let at = 0; at < records.length; at += batchRecords) {
      if (signal.aborted) throw new Error("interrupted");
      const started = performance.now();
      const applied = await applyFacts(db, records.slice(at, at + batchRecords), mappingFor);
      latenciesMs.push(performance.now() - started);
      facts += applied.length;
      for (const outcome of applied) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
  };
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  await Promise.all(batches.map(applier));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuAtStart);
  return {
    appliers: batches.length,
    facts,
    elapsedMs,
    factsPerSecond: facts / (elapsedMs / 1000),
    batchRecords,
    applyLatency: percentiles(latenciesMs),
    outcomes,
    nodeCpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
  };
}
