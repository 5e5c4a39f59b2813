import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { confidence, confidenceSignals, interpolate, isHit, laplaceHitProbability, median, type ConfidenceInputs } from '../src/engagement/confidence.js';
import { rateToRatio } from '../src/engagement/features.js';
import { fitConfidenceModel, fitIsotonic } from '../src/engagement/training/fit-confidence.js';

const level = { rate: 0.05, views: 1000, epsilon: 0.0051 };

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

  it('gives the Laplace mass of the hit band: near 1 for a narrow scale, falling as the scale widens', () => {
    const at = (scale: number) => laplaceHitProbability({ prediction: 0.05, ratio: rateToRatio(0.05, level), scale, level });
    expect(at(0.001)).toBeGreaterThan(0.999);
    expect(at(0.1)).toBeGreaterThan(at(0.5));
    expect(at(5)).toBeLessThan(0.1);
    // By hand: the band [0.0375, 0.0625] is log ratios ln(0.0426/0.0551) and ln(0.0676/0.0551) around 0.
    const below = -Math.log(0.0426 / 0.0551);
    const above = Math.log(0.0676 / 0.0551);
    expect(at(0.3)).toBeCloseTo(1 - 0.5 * Math.exp(-below / 0.3) - 0.5 * Math.exp(-above / 0.3), 9);
  });

  it('counts the mass below a band that reaches 0 as a hit: no rate is below 0', () => {
    // Predicted 0.002: the band is [0, 0.007]; P = F(high) alone.
    const ratio = rateToRatio(0.002, level);
    const high = rateToRatio(0.007, level);
    expect(laplaceHitProbability({ prediction: 0.002, ratio, scale: 0.5, level })).toBeCloseTo(1 - 0.5 * Math.exp(-(high - ratio) / 0.5), 12);
  });

  it('learns that a narrower stated scale hits more often, and says so calibrated', () => {
    // Synthetic truth: the observed log ratio is Laplace with the stated scale, so hits follow it.
    const random = new Random(3);
    const samples = Array.from({ length: 4000 }, () => {
      const scale = Math.exp(random.uniform(-3, 0.5));
      const inputs: ConfidenceInputs = { prediction: 0.05, ratio: 0, scale, level: { ...level, rate: 0.05 }, historyShare: 1, hasEarlyCounts: false };
      const u = random.uniform(-0.5, 0.5);
      const observedRatio = -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
      const observed = (level.rate + level.epsilon) * Math.exp(observedRatio) - level.epsilon;
      return { inputs, signals: confidenceSignals(inputs), hit: isHit(observed, 0.05) };
    });
    const model = fitConfidenceModel(samples);
    const narrow = confidence(model, { ...samples[0]!.inputs, scale: 0.05 });
    const wide = confidence(model, { ...samples[0]!.inputs, scale: 1.5 });
    expect(narrow).toBeGreaterThan(0.9);
    expect(wide).toBeLessThan(0.3);
    // Calibrated by decile of stated confidence.
    const scored = samples.map((s) => ({ c: confidence(model, s.inputs), hit: s.hit })).sort((a, b) => a.c - b.c);
    for (let d = 0; d < 10; d++) {
      const slice = scored.slice((d * scored.length) / 10, ((d + 1) * scored.length) / 10);
      const stated = slice.reduce((s, x) => s + x.c, 0) / slice.length;
      const observed = slice.filter((x) => x.hit).length / slice.length;
      expect(Math.abs(stated - observed), `decile ${d}`).toBeLessThan(0.06);
    }
  });
});

describe('isotonic calibration', () => {
  it('maps scores to the observed hit rate, increasing, with every knot on enough examples', () => {
    // Truth: the hit rate is a step in the score, which no logistic curve follows.
    const random = new Random(11);
    const samples = Array.from({ length: 6000 }, () => {
      const score = random.next();
      return { score, hit: random.bernoulli(score < 0.5 ? 0.3 : 0.8) };
    });
    const map = fitIsotonic(samples, 200);
    expect(map.scores.length).toBeGreaterThan(1);
    for (let i = 1; i < map.scores.length; i++) {
      expect(map.scores[i]!).toBeGreaterThan(map.scores[i - 1]!);
      expect(map.rates[i]!).toBeGreaterThan(map.rates[i - 1]!);
    }
    expect(interpolate(map, 0.2)).toBeCloseTo(0.3, 1);
    expect(interpolate(map, 0.8)).toBeCloseTo(0.8, 1);
    const model = { coefficients: [0, 0, 0, 0, 0], isotonic: map };
    // A model with the map states the mapped rate, bounded away from 0 and 1.
    expect(confidence({ ...model, isotonic: { scores: [0.4, 0.6], rates: [0, 1] } }, { prediction: 0.05, ratio: 0, scale: 1, level, historyShare: 1, hasEarlyCounts: false })).toBeCloseTo(0.5, 6);
    expect(confidence({ ...model, isotonic: { scores: [0.1], rates: [1] } }, { prediction: 0.05, ratio: 0, scale: 1, level, historyShare: 1, hasEarlyCounts: false })).toBe(0.99);
  });
});
