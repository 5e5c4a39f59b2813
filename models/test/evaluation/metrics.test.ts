import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import {
  averageRanks,
  bias,
  bootstrapMaeRatio,
  calibrationByDecile,
  calibrationError,
  intervalCoverage,
  meanAbsoluteError,
  seasonalNaiveMae,
  spearman,
  symmetricMape,
  verdictOf,
} from '../../src/evaluation/metrics.js';

// Four posts of a tiny channel: what a model said and what was then observed.
const predicted = [0.03, 0.05, 0.05, 0.02];
const observed = [0.04, 0.1, 0.0, 0.08];

describe('error metrics', () => {
  it('MAE and bias by hand', () => {
    // |errors| = 0.01, 0.05, 0.05, 0.06 → 0.17 / 4
    expect(meanAbsoluteError(predicted, observed)).toBeCloseTo(0.0425, 12);
    // predicted − observed = −0.01, −0.05, +0.05, −0.06 → −0.07 / 4
    expect(bias(predicted, observed)).toBeCloseTo(-0.0175, 12);
  });

  it('rejects arrays that do not pair up, with a coded error', () => {
    expect(() => meanAbsoluteError([1, 2], [1])).toThrow(expect.objectContaining({ code: 'METRIC_INPUT_MISMATCH' }));
    expect(() => symmetricMape([1, 2], [1])).toThrow(expect.objectContaining({ code: 'METRIC_INPUT_MISMATCH' }));
    expect(() => intervalCoverage([1, 2], [3], [2, 2])).toThrow(expect.objectContaining({ code: 'METRIC_INPUT_MISMATCH' }));
  });
});

describe('forecast metrics', () => {
  it('sMAPE by hand, in percent, a pair of zeros counting 0', () => {
    // 200 × 10 / 210, 0 (both 0), 200 × 100 / 200 = 100 → (9.5238… + 0 + 100) / 3
    expect(symmetricMape([110, 0, 50], [100, 0, 150])).toBeCloseTo((2000 / 210 + 100) / 3, 12);
    // Symmetric: swapping forecast and observation gives the same value.
    expect(symmetricMape([100, 0, 150], [110, 0, 50])).toBeCloseTo((2000 / 210 + 100) / 3, 12);
    expect(symmetricMape([], [])).toBeNaN();
  });

  it('interval coverage by hand, bounds included', () => {
    // 110 on the upper bound: inside; 0 in [0, 0]: inside; 150 above [100, 140]: outside.
    expect(intervalCoverage([90, 0, 100], [110, 0, 140], [110, 0, 150])).toBeCloseTo(2 / 3, 12);
    expect(intervalCoverage([90], [110], [89.999])).toBe(0);
  });

  it('the seasonal-naive scale of MASE by hand', () => {
    // period 2: |3 − 1|, |4 − 2|, |10 − 3|, |6 − 4| = 2, 2, 7, 2 → 13 / 4
    expect(seasonalNaiveMae([1, 2, 3, 4, 10, 6], 2)).toBe(3.25);
    // Weekly on a straight line of +10 a day: every |c_t − c_(t−7)| is 70.
    expect(seasonalNaiveMae(Array.from({ length: 30 }, (_, t) => 1000 + 10 * t), 7)).toBe(70);
    expect(seasonalNaiveMae([1, 2], 2)).toBeNaN();
    expect(() => seasonalNaiveMae([1, 2, 3], 0)).toThrow('period: expected a whole number >= 1, got 0');
  });
});

describe('spearman', () => {
  it('averages tied ranks', () => {
    expect(averageRanks([10, 20, 20, 30, 20])).toEqual([1, 3, 3, 5, 3]);
  });

  it('by hand, with a tie', () => {
    // ranks of predicted: [2, 3.5, 3.5, 1]; of observed: [2, 4, 1, 3]; both mean 2.5.
    // deviations: [−0.5, 1, 1, −1.5] and [−0.5, 1.5, −1.5, 0.5]: covariance −0.5, variances 4.5 and 5.
    expect(spearman(predicted, observed)).toBeCloseTo(-0.5 / Math.sqrt(4.5 * 5), 12);
  });

  it('is 1 for any increasing relation and −1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, -10])).toBeCloseTo(-1, 12);
  });

  it('is null where undefined: a constant side, or fewer than two pairs', () => {
    expect(spearman([0.05, 0.05, 0.05], [1, 2, 3])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
  });
});

describe('bootstrapMaeRatio', () => {
  /** Errors of a model about 10 % better than its baseline on n posts, with the noise real posts have. */
  function pairedErrors(n: number, seed: number) {
    const random = new Random(seed);
    const baseline = Array.from({ length: n }, () => random.logNormal(-4, 0.8));
    const model = baseline.map((b) => b * 0.9 * random.logNormal(0, 0.3));
    return { model, baseline };
  }

  it('is deterministic for a seed and moves with the seed', () => {
    const { model, baseline } = pairedErrors(200, 1);
    const first = bootstrapMaeRatio(model, baseline, { seed: 'a' });
    expect(bootstrapMaeRatio(model, baseline, { seed: 'a' })).toEqual(first);
    expect(bootstrapMaeRatio(model, baseline, { seed: 'b' }).low).not.toBe(first.low);
    expect(first).toMatchObject({ resamples: 1000, level: 0.95 });
  });

  it('contains the point ratio, which is MAE(model) / MAE(baseline)', () => {
    const { model, baseline } = pairedErrors(200, 2);
    const { ratio, low, high } = bootstrapMaeRatio(model, baseline, { seed: 1 });
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    expect(ratio).toBeCloseTo(sum(model) / sum(baseline), 12);
    expect(low!).toBeLessThan(ratio!);
    expect(high!).toBeGreaterThan(ratio!);
  });

  it('narrows as posts accumulate', () => {
    const width = (n: number) => {
      const { model, baseline } = pairedErrors(n, 3);
      const { low, high } = bootstrapMaeRatio(model, baseline, { seed: 1 });
      return high! - low!;
    };
    const [w50, w500, w5000] = [width(50), width(500), width(5000)];
    expect(w500).toBeLessThan(w50);
    expect(w5000).toBeLessThan(w500);
    // A √n law: ten times the posts, about a third of the width.
    expect(w5000 / w500).toBeGreaterThan(0.2);
    expect(w5000 / w500).toBeLessThan(0.5);
  });

  it('collapses onto the ratio when every post has the same pair of errors', () => {
    expect(bootstrapMaeRatio([1, 1, 1], [2, 2, 2], { seed: 1, resamples: 50 })).toEqual({ ratio: 0.5, low: 0.5, high: 0.5, level: 0.95, resamples: 50 });
  });

  it('has no ratio when the baseline never errs', () => {
    const interval = bootstrapMaeRatio([0.1, 0.2], [0, 0], { seed: 1 });
    expect(interval).toMatchObject({ ratio: null, low: null, high: null });
    expect(verdictOf(interval)).toBeNull();
  });

  it('rejects a resample count that is not a whole number >= 1', () => {
    expect(() => bootstrapMaeRatio([1], [1], { seed: 1, resamples: 0 })).toThrow('resamples: expected a whole number >= 1, got 0');
  });
});

describe('verdictOf', () => {
  it('better only when the whole interval is below 1, worse only when it is above', () => {
    expect(verdictOf({ low: 0.8, high: 0.99 })).toBe('significantly better');
    expect(verdictOf({ low: 0.9, high: 1.1 })).toBe('no significant difference');
    expect(verdictOf({ low: 1.01, high: 1.3 })).toBe('significantly worse');
  });
});

describe('calibration by decile', () => {
  it('groups by stated confidence into tenths, by hand', () => {
    // 20 predictions: confidence k / 20; the upper half hit.
    const confidences = Array.from({ length: 20 }, (_, k) => (k + 1) / 20).reverse();
    const hits = confidences.map((c) => c > 0.5);
    const groups = calibrationByDecile(confidences, hits);
    expect(groups).toHaveLength(10);
    expect(groups[0]).toEqual({ decile: 1, from: 0.05, to: 0.1, posts: 2, meanConfidence: expect.closeTo(0.075, 12), hitRate: 0 });
    expect(groups[9]).toEqual({ decile: 10, from: 0.95, to: 1, posts: 2, meanConfidence: expect.closeTo(0.975, 12), hitRate: 1 });
    // |hit rate − confidence| per group: 0.075, 0.175, 0.275, 0.375, 0.475, then 0.425, 0.325, 0.225, 0.125, 0.025 → 2.5 / 10.
    expect(calibrationError(groups)).toBeCloseTo(0.25, 12);
  });

  it('finds a calibrated confidence calibrated: hit ~ Bernoulli(c)', () => {
    const random = new Random('calibrated');
    const confidences = Array.from({ length: 20_000 }, () => random.uniform(0.05, 0.95));
    const hits = confidences.map((c) => random.bernoulli(c));
    const groups = calibrationByDecile(confidences, hits);
    expect(groups.map((g) => g.posts)).toEqual(Array(10).fill(2000));
    for (const g of groups) expect(Math.abs(g.hitRate - g.meanConfidence)).toBeLessThan(0.04);
    expect(calibrationError(groups)).toBeLessThan(0.02);
  });

  it('catches an overconfident one: hit ~ Bernoulli(c²)', () => {
    const random = new Random('overconfident');
    const confidences = Array.from({ length: 20_000 }, () => random.uniform(0.05, 0.95));
    const hits = confidences.map((c) => random.bernoulli(c * c));
    const groups = calibrationByDecile(confidences, hits);
    // E|c − c²| over U(0.05, 0.95) is about 0.16.
    expect(calibrationError(groups)).toBeGreaterThan(0.12);
    expect(groups[4]!.meanConfidence - groups[4]!.hitRate).toBeGreaterThan(0.2);
  });

  it('leaves out empty groups when there are fewer than ten predictions', () => {
    expect(calibrationByDecile([0.2, 0.8, 0.5], [false, true, true]).map((g) => g.posts)).toEqual([1, 1, 1]);
  });
});
