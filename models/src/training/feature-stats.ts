/**
 * Per-feature reference statistics of a model's training inputs, stored in its metadata: the
 * baseline data-drift detection compares live inputs against.
 */
export interface FeatureStats {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  quantiles: Record<'p01' | 'p05' | 'p25' | 'p50' | 'p75' | 'p95' | 'p99', number>;
  /** Counts in `bins` equal-width bins over [0, 1] (values outside are clamped into the end bins). */
  histogram: number[];
}

const QUANTILES = { p01: 0.01, p05: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 } as const;

/** Statistics of one feature's values. */
export function featureStats(values: readonly number[], bins = 10): FeatureStats {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const mean = n ? sorted.reduce((a, b) => a + b, 0) / n : 0;
  const variance = n > 1 ? sorted.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  const quantile = (q: number) => (n ? sorted[Math.min(n - 1, Math.floor(q * (n - 1)))]! : 0);
  const histogram = new Array<number>(bins).fill(0);
  for (const v of sorted) histogram[Math.min(bins - 1, Math.max(0, Math.floor(v * bins)))]! += 1;
  return {
    count: n,
    mean: round(mean),
    std: round(Math.sqrt(variance)),
    min: round(n ? sorted[0]! : 0),
    max: round(n ? sorted[n - 1]! : 0),
    quantiles: Object.fromEntries(Object.entries(QUANTILES).map(([k, q]) => [k, round(quantile(q))])) as FeatureStats['quantiles'],
    histogram,
  };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
