import { describe, expect, it } from 'vitest';
import { atLeast, batchPerformance, maxSeverity, performanceOf, shouldAdapt, strategyFor } from '../../src/adaptation/pipeline/adaptation-policy.js';

const metrics = (version: string, count: number, mae: number | null, extra: Record<string, number | null> = {}) => ({
  version,
  count,
  mae,
  bias: null,
  coverage80: null,
  coverage95: null,
  mase: null,
  auc: null,
  brier: null,
  ...extra,
});

describe('the adaptive pipeline policy', () => {
  it('orders severities and adapts on drift, or always when asked for', () => {
    expect(maxSeverity('LOW', 'HIGH')).toBe('HIGH');
    expect(maxSeverity(null, undefined)).toBe('NONE');
    expect(atLeast('MEDIUM', 'MEDIUM')).toBe(true);
    expect(atLeast('LOW', 'MEDIUM')).toBe(false);
    expect(shouldAdapt('SCHEDULE', 'NONE')).toBe(false);
    expect(shouldAdapt('DRIFT_ALERT', 'LOW')).toBe(true);
    expect(shouldAdapt('MANUAL', 'NONE')).toBe(true);
    expect(strategyFor('HIGH')).toBe('FULL_RETRAIN');
    expect(strategyFor('MEDIUM')).toBe('INCREMENTAL');
  });

  it("records the metrics of the batch's main version (the newer on a tie), leaving out the missing ones", () => {
    expect(batchPerformance('b1', [metrics('1.9.0', 3, 0.1), metrics('2.0.0', 7, 0.02, { bias: -0.01 })])).toEqual({
      version: '2.0.0',
      idempotencyKey: 'adaptation:b1',
      items: 7,
      mae: 0.02,
      bias: -0.01,
    });
    expect(batchPerformance('b2', [metrics('2.10.0', 4, 0.1), metrics('2.9.0', 4, 0.2)])?.version).toBe('2.10.0');
    expect(batchPerformance('b3', [])).toBeNull();
  });

  it("watches the batch's headline error, else the detectors' window mean", () => {
    expect(performanceOf(batchPerformance('b', [metrics('1', 2, null, { mase: 1.2 })]), 0.5)).toBe(1.2);
    expect(performanceOf(null, 0.05)).toBe(0.05);
    expect(performanceOf(null, null)).toBeNull();
  });
});
