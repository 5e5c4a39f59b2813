/**
 * Judges a model whose job is to rank (the content CNN: which posts will do better than their
 * channel's usual): the Spearman correlation of its estimates with what was observed, the same for
 * a baseline's, and the difference with a paired bootstrap interval and a verdict.
 */
import { Random } from '@telepulse/dataset';
import { EvaluationOptionError } from './evaluation-errors.js';
import { absoluteErrors, bias, mean, quantile, spearman, type BootstrapOptions, type Verdict } from './metrics.js';

/** Held-out values in one order: the model's estimate, the baseline's, and what was observed. */
export interface RankedValues {
  predicted: number[];
  baseline: number[];
  observed: number[];
}

/** Spearman(model) − Spearman(baseline) with its bootstrap interval. */
export interface DifferenceInterval {
  /** On the values as they are; null when either correlation is undefined (a constant side, or fewer than two values). */
  difference: number | null;
  /** Percentile bounds of the resampled differences at `level`; null with `difference`. */
  low: number | null;
  high: number | null;
  level: number;
  resamples: number;
}

export interface RankJudgement {
  heldOut: number;
  spearman: number | null;
  baselineSpearman: number | null;
  difference: DifferenceInterval;
  /** Better when the whole interval is above 0, worse when below, else no significant difference; null without an interval. */
  verdict: Verdict | null;
  /** Mean absolute error and mean of predicted − observed, in the values' units, for the model and the baseline. */
  mae: number;
  baselineMae: number;
  bias: number;
  baselineBias: number;
}

/** Judges ranked values; the bootstrap is seeded by `bootstrap.seed`. */
export function judgeRanking(values: RankedValues, bootstrap: BootstrapOptions): RankJudgement {
  const { predicted, baseline, observed } = values;
  if (predicted.length !== observed.length || baseline.length !== observed.length) {
    throw new RangeError(`predicted (${predicted.length}), baseline (${baseline.length}) and observed (${observed.length}) must have the same length`);
  }
  const difference = bootstrapSpearmanDifference(values, bootstrap);
  const empty = observed.length === 0;
  return {
    heldOut: observed.length,
    spearman: spearman(predicted, observed),
    baselineSpearman: spearman(baseline, observed),
    difference,
    verdict: difference.low === null || difference.high === null ? null : difference.low > 0 ? 'significantly better' : difference.high < 0 ? 'significantly worse' : 'no significant difference',
    mae: empty ? Number.NaN : mean(absoluteErrors(predicted, observed)),
    baselineMae: empty ? Number.NaN : mean(absoluteErrors(baseline, observed)),
    bias: empty ? Number.NaN : bias(predicted, observed),
    baselineBias: empty ? Number.NaN : bias(baseline, observed),
  };
}

/**
 * Paired bootstrap of Spearman(model) − Spearman(baseline): each resample draws n indexes with
 * replacement and correlates both sides on the same draw, so what they share (a post neither
 * could foresee) cancels out of the interval. A resample where either side is constant is
 * skipped. Deterministic for a seed.
 */
export function bootstrapSpearmanDifference(values: RankedValues, options: BootstrapOptions): DifferenceInterval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isSafeInteger(resamples) || resamples < 1) throw new EvaluationOptionError('resamples', resamples, 'a whole number >= 1');
  if (!(level > 0 && level < 1)) throw new EvaluationOptionError('level', level, 'a level in (0, 1)');
  const { predicted, baseline, observed } = values;
  const model = spearman(predicted, observed);
  const base = spearman(baseline, observed);
  if (model === null || base === null) return { difference: null, low: null, high: null, level, resamples };
  const n = observed.length;
  const random = new Random(options.seed);
  const differences: number[] = [];
  const p = new Array<number>(n);
  const b = new Array<number>(n);
  const o = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let k = 0; k < n; k++) {
      const i = Math.floor(random.next() * n);
      p[k] = predicted[i]!;
      b[k] = baseline[i]!;
      o[k] = observed[i]!;
    }
    const m = spearman(p, o);
    const s = spearman(b, o);
    if (m !== null && s !== null) differences.push(m - s);
  }
  if (differences.length === 0) return { difference: model - base, low: null, high: null, level, resamples };
  const sorted = Float64Array.from(differences).sort();
  return { difference: model - base, low: quantile(sorted, (1 - level) / 2), high: quantile(sorted, 1 - (1 - level) / 2), level, resamples };
}
