import { describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { calibratedScore, callConfidence, sigmoid } from '../../src/content-viral/calibration.js';
import { fitPlatt } from '../../src/content-viral/training/fit-calibration.js';

describe('viral score calibration', () => {
  it('recovers the curve the labels were drawn from', () => {
    const random = new Random(4);
    const logits = Array.from({ length: 20_000 }, () => random.normal(0, 2));
    const labels = logits.map((z) => random.bernoulli(sigmoid(0.5 * z - 2)));
    const fit = fitPlatt(logits, labels);
    expect(fit.slope).toBeCloseTo(0.5, 1);
    expect(fit.intercept).toBeCloseTo(-2, 1);
  });

  it('is monotone in the logit and stays within [0, 1]', () => {
    const random = new Random(5);
    const logits = Array.from({ length: 2000 }, () => random.normal(1, 3));
    const fit = fitPlatt(logits, logits.map((z) => random.bernoulli(sigmoid(2 * z))));
    const grid = Array.from({ length: 401 }, (_, i) => -200 + i);
    const scores = grid.map((z) => calibratedScore(fit, z));
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThanOrEqual(scores[i - 1]!);
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...scores)).toBeLessThanOrEqual(1);
  });

  it('states the base rate when the logit does not rank the labels', () => {
    const random = new Random(6);
    const logits = Array.from({ length: 1000 }, (_, i) => i);
    const labels = logits.map((z) => (z < 500 ? random.bernoulli(0.5) : false));
    const fit = fitPlatt(logits, labels);
    expect(fit.slope).toBeLessThan(0.1);
    expect(fit.slope).toBeGreaterThan(0);
  });

  it('is as confident in a call as the score is on its side of 0.5', () => {
    expect(callConfidence(0.9)).toBe(0.9);
    expect(callConfidence(0.1)).toBeCloseTo(0.9, 12);
    expect(callConfidence(0.5)).toBe(0.5);
  });
});
