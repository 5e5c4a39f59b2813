import { kolmogorovSmirnov } from './kolmogorov-smirnov.js';
import { PSI_HIGH, PSI_MODERATE, populationStabilityIndex } from './psi.js';
import { referenceProblem, type FeatureReference } from './reference-distribution.js';

/**
 * Data drift of a model's recent inputs against its training reference, feature by feature.
 *
 * A feature drifted when BOTH tests say so: KS rejects at 95 % and PSI reaches the moderate level
 * (0.1). Either alone misleads at the ends of the sample sizes we see: with thousands of recent
 * items KS rejects shifts too small to matter (PSI ≈ 0.02), and with a few dozen PSI's sampling
 * noise alone reaches 0.1 while KS (rightly) does not reject. The dataset drifted when at least
 * half of its features did.
 */
export const DATASET_DRIFT_SHARE = 0.5;

/** The fewest recent items a data-drift check accepts: below it neither test says anything. */
export const MIN_RECENT_ITEMS = 30;

export interface FeatureDrift {
  name: string;
  psi: number;
  ksStatistic: number;
  ksCritical: number;
  /** Recent values of the feature compared. */
  count: number;
  drifted: boolean;
  /** PSI at the high level (≥ 0.25) and KS rejected. */
  high: boolean;
}

export interface DataDriftResult {
  features: FeatureDrift[];
  /** Share of the features that drifted, 0..1. */
  driftedShare: number;
  datasetDrift: boolean;
  /** Reference features no recent item carried, and recent features the reference does not describe. */
  missing: string[];
  unexpected: string[];
}

/** Compares `recent` (one map of named values per served item) with `reference`, feature by feature. */
export function dataDrift(reference: readonly FeatureReference[], recent: readonly ReadonlyMap<string, number>[]): DataDriftResult {
  const features: FeatureDrift[] = [];
  const missing: string[] = [];
  for (const ref of reference) {
    const problem = referenceProblem(ref);
    if (problem) throw new RangeError(`the reference of feature ${ref.name} ${problem}`);
    const values = recent.flatMap((item) => {
      const v = item.get(ref.name);
      return v !== undefined && Number.isFinite(v) ? [v] : [];
    });
    if (values.length === 0) {
      missing.push(ref.name);
      continue;
    }
    const { psi } = populationStabilityIndex(ref.quantiles, values);
    const ks = kolmogorovSmirnov(ref.quantiles, ref.count, values);
    const drifted = ks.rejected && psi >= PSI_MODERATE;
    features.push({ name: ref.name, psi, ksStatistic: ks.statistic, ksCritical: ks.critical, count: values.length, drifted, high: drifted && psi >= PSI_HIGH });
  }
  const known = new Set(reference.map((r) => r.name));
  const unexpected = [...new Set(recent.flatMap((item) => [...item.keys()]))].filter((name) => !known.has(name)).sort();
  const driftedShare = features.length === 0 ? 0 : features.filter((f) => f.drifted).length / features.length;
  return { features, driftedShare, datasetDrift: features.length > 0 && driftedShare >= DATASET_DRIFT_SHARE, missing, unexpected };
}
