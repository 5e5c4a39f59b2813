import { describe, expect, it } from 'vitest';
import { adaptLearningRate, assertPerformance, DEFAULT_LEARNING_RATE_CONFIG as config, initialLearningRate, type DriftSeverity, type LearningRateState } from '../src/domain/learning-rate.js';

const at = new Date('2026-01-01T00:00:00Z');
const run = (observations: [number, DriftSeverity | null][], start: LearningRateState = initialLearningRate('engagement')) =>
  observations.reduce((state, [performance, drift]) => adaptLearningRate(state, performance, drift, at), start);

describe('adaptive learning rate', () => {
  it('starts at the initial rate and keeps it while the error improves', () => {
    const state = run([[0.1, null], [0.09, null], [0.08, null], [0.07, null]]);
    expect(state).toMatchObject({ rate: config.initialRate, best: 0.07, badEpochs: 0, cooldownLeft: 0, revision: 4 });
  });

  it('halves the rate after 3 observations without a relative improvement of 1e-3, then cools down for 2', () => {
    // 0.09995 is better than 0.1 by only 5e-4 (relative): not an improvement.
    const state = run([[0.1, null], [0.09995, null], [0.1, null], [0.2, null]]);
    expect(state).toMatchObject({ rate: config.initialRate / 2, best: 0.1, badEpochs: 0, cooldownLeft: 2 });
    // In the cooldown nothing counts as bad; after it, 3 more bad ones halve again.
    const cooled = run([[0.25, null], [0.21, null]], state);
    expect(cooled).toMatchObject({ rate: config.initialRate / 2, badEpochs: 0, cooldownLeft: 0 });
    expect(run([[0.22, null], [0.23, null]], cooled)).toMatchObject({ rate: config.initialRate / 2, badEpochs: 2 });
    expect(run([[0.22, null], [0.23, null], [0.24, null]], cooled).rate).toBe(config.initialRate / 4);
  });

  it('never goes below the minimum rate', () => {
    const plateau = Array.from({ length: 200 }, (_, i): [number, null] => [0.5 + i * 1e-6, null]);
    expect(run([[0.1, null], ...plateau]).rate).toBe(config.minRate);
  });

  it('doubles the rate on MEDIUM or HIGH drift, up to the initial rate, and restarts the best from there', () => {
    const lowered = run([[0.1, null], [0.2, null], [0.2001, null], [0.2002, null], [0.2, null], [0.21, null], [0.3, null], [0.31, null], [0.32, null]]);
    expect(lowered.rate).toBe(config.initialRate / 4);
    const drifted = adaptLearningRate(lowered, 0.5, 'MEDIUM', at);
    expect(drifted).toMatchObject({ rate: config.initialRate / 2, best: 0.5, badEpochs: 0, cooldownLeft: 0 });
    expect(adaptLearningRate(drifted, 0.6, 'HIGH', at).rate).toBe(config.initialRate);
    expect(adaptLearningRate(adaptLearningRate(drifted, 0.6, 'HIGH', at), 0.7, 'HIGH', at).rate).toBe(config.initialRate);
    // LOW drift is an ordinary observation.
    expect(adaptLearningRate(lowered, 0.5, 'LOW', at)).toMatchObject({ rate: lowered.rate, badEpochs: 0, cooldownLeft: lowered.cooldownLeft - 1 });
  });

  it('a retried identical observation changes nothing; the same value after another one counts again', () => {
    const once = run([[0.1, null], [0.2, null]]);
    expect(adaptLearningRate(once, 0.2, null, at)).toBe(once);
    expect(run([[0.3, null], [0.2, null]], once)).toMatchObject({ badEpochs: 0, rate: config.initialRate / 2 });
  });

  it('refuses a performance that is not an error (negative, not finite) naming performance', () => {
    for (const bad of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => assertPerformance(bad)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field: 'performance' }) }));
    }
    expect(() => assertPerformance(0)).not.toThrow();
  });
});
