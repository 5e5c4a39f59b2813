import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { confidence, confidenceSignals, isHit, median } from '../src/engagement/confidence.js';
import { fitConfidenceModel } from '../src/engagement/training/fit-confidence.js';

describe('confidence', () => {
  it('counts a hit within 25 % of the prediction, and never closer than 0.005', () => {
    expect(isHit(0.095, 0.08)).toBe(true);
    expect(isHit(0.11, 0.08)).toBe(false);
    expect(isHit(0.006, 0.002)).toBe(true);
  });

  it('takes the median of an even and an odd count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('learns that steadier histories hit more often, and says so with higher confidence', () => {
    // Synthetic truth: hit probability falls with dispersion.
    const random = new Random(3);
    const samples = Array.from({ length: 4000 }, () => {
      const spread = random.uniform(0.01, 0.6);
      const rates = Array.from({ length: 16 }, () => 0.05 * random.logNormal(0, spread));
      const signals = confidenceSignals({ historyRates: rates, historyPosts: 16, hasEarlyCounts: false, prediction: 0.05 });
      return { signals, hit: random.bernoulli(Math.max(0.05, 0.9 - 1.2 * spread)) };
    });
    const model = fitConfidenceModel(samples);
    const steady = confidence(model, { historyRates: new Array(16).fill(0.05), historyPosts: 16, hasEarlyCounts: false, prediction: 0.05 });
    const noisy = confidence(model, { historyRates: [0.01, 0.2, 0.03, 0.15, 0.02, 0.3, 0.05, 0.01], historyPosts: 16, hasEarlyCounts: false, prediction: 0.05 });
    expect(steady).toBeGreaterThan(0.7);
    expect(noisy).toBeLessThan(0.4);
    // Calibration: the mean confidence matches the hit rate on the data it was fitted on.
    const mean = samples.reduce((s, x) => s + 1 / (1 + Math.exp(-[1, ...x.signals].reduce((a, v, i) => a + v * model.coefficients[i]!, 0))), 0) / samples.length;
    const hitRate = samples.filter((x) => x.hit).length / samples.length;
    expect(mean).toBeCloseTo(hitRate, 2);
  });
});
