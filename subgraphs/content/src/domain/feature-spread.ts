/** How each hand-made feature spreads over a set of texts. Plain TypeScript. */
import { mean } from '@telepulse/models/evaluation/metrics';

export interface FeatureSpread {
  feature: string;
  mean: number;
  median: number;
  min: number;
  max: number;
  /** Share of the texts where the feature is above 0. */
  presence: number;
}

/** One row of features per text. */
export type FeatureRow = Readonly<Record<string, number>>;

/** Per feature in `names` (in that order): mean, median, range and presence over `rows` (at least one). */
export function featureSpreads(names: readonly string[], rows: readonly FeatureRow[]): FeatureSpread[] {
  if (rows.length === 0) throw new RangeError('featureSpreads needs at least one row');
  return names.map((feature) => {
    const sorted = rows.map((row) => row[feature]!).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return {
      feature,
      mean: mean(sorted),
      median: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
      min: sorted[0]!,
      max: sorted[sorted.length - 1]!,
      presence: sorted.filter((v) => v > 0).length / sorted.length,
    };
  });
}
