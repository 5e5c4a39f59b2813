/**
 * Metrics of predictions against what was then observed, over plain arrays of numbers, so the
 * engagement, growth and content evaluations share them: error (absolute, symmetric percentage,
 * scaled by a seasonal-naive MAE), bias, rank correlation, a bootstrap interval for "is the model
 * better than the baseline", calibration of a stated confidence, and coverage of stated
 * intervals. Pure and deterministic (the bootstrap draws from a seeded Random).
 */
import { Random, type Seed } from '@telepulse/dataset';
import { EvaluationOptionError } from './evaluation-errors.js';

/** Mean of |predicted − observed|; NaN for no values. */
export function meanAbsoluteError(predicted: readonly number[], observed: readonly number[]): number {
  return mean(absoluteErrors(predicted, observed));
}

/** Mean of predicted − observed: positive when the model over-predicts; NaN for no values. */
export function bias(predicted: readonly number[], observed: readonly number[]): number {
  sameLength(predicted, observed);
  return mean(predicted.map((p, i) => p - observed[i]!));
}

/** |predicted − observed| per value. */
export function absoluteErrors(predicted: readonly number[], observed: readonly number[]): number[] {
  sameLength(predicted, observed);
  return predicted.map((p, i) => Math.abs(p - observed[i]!));
}

/**
 * Symmetric mean absolute percentage error, in percent (0 to 200): the mean of
 * 200 × |predicted − observed| / (|predicted| + |observed|), a pair that is 0 on both sides
 * counting 0. NaN for no values.
 */
export function symmetricMape(predicted: readonly number[], observed: readonly number[]): number {
  sameLength(predicted, observed);
  return mean(
    predicted.map((p, i) => {
      const size = Math.abs(p) + Math.abs(observed[i]!);
      return size === 0 ? 0 : (200 * Math.abs(p - observed[i]!)) / size;
    }),
  );
}

/** Share of observed values inside their interval [lower, upper], bounds included; NaN for no values. */
export function intervalCoverage(lower: readonly number[], upper: readonly number[], observed: readonly number[]): number {
  sameLength(lower, observed);
  sameLength(upper, observed);
  return mean(observed.map((o, i) => (o >= lower[i]! && o <= upper[i]! ? 1 : 0)));
}

/**
 * In-sample MAE of the seasonal-naive forecast of a series, mean |x_t − x_(t−period)| over every
 * t with a value `period` steps before it: the scale of MASE. NaN when no t has one.
 */
export function seasonalNaiveMae(values: readonly number[], period: number): number {
  if (!Number.isSafeInteger(period) || period < 1) throw new EvaluationOptionError('period', period, 'a whole number >= 1');
  return mean(values.slice(period).map((v, i) => Math.abs(v - values[i]!)));
}

/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Ranks from 1, tied values sharing the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation (Pearson's correlation of average ranks); null where it is
 * undefined: fewer than two pairs, or either side constant.
 */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  sameLength(a, b);
  if (a.length < 2) return null;
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const ma = mean(ra);
  const mb = mean(rb);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i]! - ma) * (rb[i]! - mb);
    va += (ra[i]! - ma) ** 2;
    vb += (rb[i]! - mb) ** 2;
  }
  return va === 0 || vb === 0 ? null : cov / Math.sqrt(va * vb);
}

/** MAE(model) / MAE(baseline) on the same values, with a bootstrap interval. */
export interface RatioInterval {
  /** The ratio on the values as they are; null when the baseline's error is 0 (nothing to divide by). */
  ratio: number | null;
  /** Percentile bounds of the resampled ratios at `level` (e.g. 0.95); null with `ratio`. */
  low: number | null;
  high: number | null;
  level: number;
  resamples: number;
}

export interface BootstrapOptions {
  seed: Seed;
  /** Default 1000. */
  resamples?: number;
  /** Default 0.95. */
  level?: number;
}

/**
 * Paired bootstrap of MAE(model) / MAE(baseline): each resample draws n indexes with replacement
 * and takes both errors of each drawn value together, so what the two share (a hard post is hard
 * for both) cancels out of the interval. A resample whose baseline error is 0 counts as Infinity
 * (or 1 when the model's is 0 too). Deterministic for a seed.
 */
export function bootstrapMaeRatio(modelErrors: readonly number[], baselineErrors: readonly number[], options: BootstrapOptions): RatioInterval {
  sameLength(modelErrors, baselineErrors);
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  if (!Number.isSafeInteger(resamples) || resamples < 1) throw new EvaluationOptionError('resamples', resamples, 'a whole number >= 1');
  if (!(level > 0 && level < 1)) throw new EvaluationOptionError('level', level, 'a level in (0, 1)');
  const n = modelErrors.length;
  const ratio = n === 0 ? null : ratioOf(sum(modelErrors), sum(baselineErrors));
  if (ratio === null || !Number.isFinite(ratio)) return { ratio: null, low: null, high: null, level, resamples };
  const random = new Random(options.seed);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let model = 0;
    let baseline = 0;
    for (let k = 0; k < n; k++) {
      const i = Math.floor(random.next() * n);
      model += modelErrors[i]!;
      baseline += baselineErrors[i]!;
    }
    ratios[r] = ratioOf(model, baseline);
  }
  ratios.sort();
  return { ratio, low: quantile(ratios, (1 - level) / 2), high: quantile(ratios, 1 - (1 - level) / 2), level, resamples };
}

export type Verdict = 'significantly better' | 'no significant difference' | 'significantly worse';

/** Better when the whole interval is below 1, worse when it is above 1, else no significant difference; null without an interval. */
export function verdictOf(interval: Pick<RatioInterval, 'low' | 'high'>): Verdict | null {
  if (interval.low === null || interval.high === null) return null;
  if (interval.high < 1) return 'significantly better';
  if (interval.low > 1) return 'significantly worse';
  return 'no significant difference';
}

/** One group of predictions with similar stated confidence. */
export interface CalibrationGroup {
  /** 1 for the least confident tenth, up to 10. */
  decile: number;
  /** Lowest and highest stated confidence in the group. */
  from: number;
  to: number;
  posts: number;
  meanConfidence: number;
  /** Share of hits: calibrated when close to meanConfidence. */
  hitRate: number;
}

/**
 * Predictions sorted by stated confidence and cut into ten groups of (nearly) equal size; each
 * group's mean confidence against its observed hit rate. Empty groups (fewer than ten values) are left out.
 */
export function calibrationByDecile(confidences: readonly number[], hits: readonly boolean[]): CalibrationGroup[] {
  sameLength(confidences, hits);
  const sorted = confidences.map((c, i) => ({ c, hit: hits[i]! })).sort((a, b) => a.c - b.c);
  const groups: CalibrationGroup[] = [];
  for (let d = 0; d < 10; d++) {
    const slice = sorted.slice(Math.floor((d * sorted.length) / 10), Math.floor(((d + 1) * sorted.length) / 10));
    if (slice.length === 0) continue;
    groups.push({
      decile: d + 1,
      from: slice[0]!.c,
      to: slice[slice.length - 1]!.c,
      posts: slice.length,
      meanConfidence: mean(slice.map((s) => s.c)),
      hitRate: slice.filter((s) => s.hit).length / slice.length,
    });
  }
  return groups;
}

/** Expected calibration error: the posts-weighted mean of |hit rate − mean confidence| over the groups. */
export function calibrationError(groups: readonly CalibrationGroup[]): number {
  const posts = sum(groups.map((g) => g.posts));
  return sum(groups.map((g) => g.posts * Math.abs(g.hitRate - g.meanConfidence))) / posts;
}

/** A metric's inputs do not pair up. */
export class MetricInputError extends RangeError {
  readonly code = 'METRIC_INPUT_MISMATCH' as const;

  constructor(readonly lengths: [number, number]) {
    super(`paired metric: expected two arrays of the same length, got ${lengths[0]} and ${lengths[1]}`);
    this.name = 'MetricInputError';
  }
}

function sameLength(a: { length: number }, b: { length: number }): void {
  if (a.length !== b.length) throw new MetricInputError([a.length, b.length]);
}

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

function ratioOf(model: number, baseline: number): number {
  if (baseline > 0) return model / baseline;
  return model > 0 ? Number.POSITIVE_INFINITY : 1;
}

/** Linear interpolation between the order statistics (type 7, as R's and numpy's default) of sorted values. */
export function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a === b ? a : a + (h - lo) * (b - a);
}
