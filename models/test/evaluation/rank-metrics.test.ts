import { describe, expect, it } from 'vitest';
import { MetricInputError, spearman as metricsSpearman } from '../../src/evaluation/metrics.js';
import { brierScore, rocAuc, spearman } from '../../src/evaluation/rank-metrics.js';

describe('rocAuc', () => {
  it('is 1 when every positive outscores every negative, 0 when none does, 0.5 when all tie', () => {
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [true, true, false, false])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [true, false, true, false])).toBe(0.5);
  });

  it('counts a tie between a positive and a negative as one half, whatever the input order', () => {
    // Pairs (pos, neg): (3,1) win, (3,2) win, (2,1) win, (2,2) tie: 3.5 of 4.
    expect(rocAuc([3, 2, 2, 1], [true, true, false, false])).toBe(3.5 / 4);
    expect(rocAuc([2, 1, 3, 2], [false, false, true, true])).toBe(3.5 / 4);
    // 2 positives, 3 negatives: scores pos {0.4, 0.9}, neg {0.1, 0.4, 0.6}: 0.4 beats 0.1, ties 0.4; 0.9 beats all: 1.5 + 3 = 4.5 of 6.
    expect(rocAuc([0.1, 0.4, 0.4, 0.6, 0.9], [false, true, false, false, true])).toBe(4.5 / 6);
  });

  it('is null without positives or without negatives, and refuses arrays that do not pair up', () => {
    expect(rocAuc([0.1, 0.2], [false, false])).toBeNull();
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNull();
    expect(rocAuc([], [])).toBeNull();
    expect(() => rocAuc([0.1], [true, false])).toThrow(MetricInputError);
  });
});

describe('brierScore', () => {
  it('is the mean squared distance of the probabilities from the outcomes', () => {
    expect(brierScore([1, 0], [true, false])).toBe(0);
    expect(brierScore([0.5, 0.5, 0.5], [true, false, true])).toBe(0.25);
    expect(brierScore([0.8, 0.3], [true, true])).toBeCloseTo((0.04 + 0.49) / 2, 12);
    expect(brierScore([], [])).toBeNaN();
    expect(() => brierScore([0.5], [])).toThrow(MetricInputError);
  });
});

describe('spearman', () => {
  it('is the rank correlation with average ranks for ties, the one the other evaluations use', () => {
    expect(spearman).toBe(metricsSpearman);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(spearman([1, 2, 2, 3], [3, 2, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});
