import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { bootstrapSpearmanDifference, judgeRanking } from '../../src/evaluation/rank-judgement.js';

/** n observed values, a model that sees them through a little noise, a baseline that sees them through a lot. */
function values(n: number, seed: number) {
  const random = new Random(seed);
  const observed = Array.from({ length: n }, () => random.normal(0, 1));
  return {
    observed,
    predicted: observed.map((o) => o + random.normal(0, 0.3)),
    baseline: observed.map((o) => o + random.normal(0, 3)),
  };
}

describe('judgeRanking', () => {
  it('finds a model that ranks far better than the baseline significantly better, with both correlations and errors', () => {
    const j = judgeRanking(values(300, 1), { seed: 'a', resamples: 300 });
    expect(j.heldOut).toBe(300);
    expect(j.spearman!).toBeGreaterThan(0.9);
    expect(j.baselineSpearman!).toBeLessThan(0.5);
    expect(j.difference.difference).toBeCloseTo(j.spearman! - j.baselineSpearman!, 12);
    expect(j.difference.low!).toBeGreaterThan(0);
    expect(j.difference.low!).toBeLessThan(j.difference.difference!);
    expect(j.difference.high!).toBeGreaterThan(j.difference.difference!);
    expect(j.verdict).toBe('significantly better');
    expect(j.mae).toBeLessThan(j.baselineMae);
  });

  it('calls the baseline significantly worse when the two swap places', () => {
    const v = values(300, 2);
    expect(judgeRanking({ ...v, predicted: v.baseline, baseline: v.predicted }, { seed: 'a', resamples: 300 }).verdict).toBe('significantly worse');
  });

  it('sees no difference between a model and itself: difference 0, interval [0, 0]', () => {
    const v = values(50, 3);
    const j = judgeRanking({ ...v, baseline: v.predicted }, { seed: 'a', resamples: 100 });
    expect(j.difference).toMatchObject({ difference: 0, low: 0, high: 0 });
    expect(j.verdict).toBe('no significant difference');
  });

  it('leaves the difference and verdict undefined when a side is constant', () => {
    const v = values(40, 4);
    const j = judgeRanking({ ...v, baseline: v.observed.map(() => 0.1) }, { seed: 'a', resamples: 100 });
    expect(j.baselineSpearman).toBeNull();
    expect(j.difference).toMatchObject({ difference: null, low: null, high: null });
    expect(j.verdict).toBeNull();
  });

  it('refuses values of different lengths', () => {
    expect(() => judgeRanking({ predicted: [1, 2], baseline: [1], observed: [1, 2] }, { seed: 1 })).toThrow(RangeError);
  });
});

describe('bootstrapSpearmanDifference', () => {
  it('is deterministic for a seed, and another seed moves the interval', () => {
    const v = values(80, 5);
    const a = bootstrapSpearmanDifference(v, { seed: 'x', resamples: 200 });
    expect(bootstrapSpearmanDifference(v, { seed: 'x', resamples: 200 })).toEqual(a);
    const b = bootstrapSpearmanDifference(v, { seed: 'y', resamples: 200 });
    expect(b.difference).toBe(a.difference);
    expect([b.low, b.high]).not.toEqual([a.low, a.high]);
    expect(a).toMatchObject({ level: 0.95, resamples: 200 });
  });
});
