/** p50/p99/max (and min) of a sample, in the sample's unit. */
export interface Percentiles {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentiles; NaN everywhere for an empty sample. */
export function percentiles(sample: readonly number[]): Percentiles {
  const sorted = Float64Array.from(sample).sort();
  const at = (q: number) => (sorted.length === 0 ? Number.NaN : (sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN));
  return { count: sorted.length, min: at(0), p50: at(0.5), p99: at(0.99), max: at(1) };
}
