import { describe, expect, it } from 'vitest';
import { alertChanges, evaluateRules, trailingRises, type ModelSignals, type Thresholds } from '../src/domain/alert-rules.js';

const thresholds: Thresholds = { errorAbove: 0.03, latencyP99AboveMs: 250, risingBuckets: 3 };
const at = new Date('2026-01-01T10:00:00Z');
const quiet: ModelSignals = { latestError: { value: 0.01, version: 'v1', at }, latestLatencyP99: { value: 100, version: 'v1', at }, hourlyErrors: [0.01, 0.01] };
const firing = (signals: ModelSignals, t = thresholds, metric: string | null = 'mae') =>
  evaluateRules(t, signals, metric)
    .filter((v) => v.firing)
    .map((v) => v.rule);

describe('trailingRises', () => {
  it('counts the strict rises at the end of the series only', () => {
    expect(trailingRises([])).toBe(0);
    expect(trailingRises([1])).toBe(0);
    expect(trailingRises([1, 2, 3, 4])).toBe(3);
    expect(trailingRises([5, 1, 2, 3])).toBe(2);
    expect(trailingRises([1, 2, 2, 3])).toBe(1);
    expect(trailingRises([1, 2, 3, 2])).toBe(0);
  });
});

describe('evaluateRules', () => {
  it('fires nothing when every signal is within its threshold', () => {
    expect(firing(quiet)).toEqual([]);
  });

  it('fires ERROR_ABOVE only strictly above the threshold, with the value, threshold and version', () => {
    expect(firing({ ...quiet, latestError: { value: 0.03, version: 'v1', at } })).toEqual([]);
    const verdicts = evaluateRules(thresholds, { ...quiet, latestError: { value: 0.05, version: 'v2', at } }, 'mae');
    expect(verdicts.find((v) => v.rule === 'ERROR_ABOVE')).toMatchObject({ firing: true, value: 0.05, threshold: 0.03, version: 'v2' });
    expect(verdicts.find((v) => v.rule === 'ERROR_ABOVE')!.message).toContain('mae 0.05 is above 0.03');
  });

  it('fires LATENCY_P99_ABOVE above its threshold', () => {
    expect(firing({ ...quiet, latestLatencyP99: { value: 251, version: null, at } })).toEqual(['LATENCY_P99_ABOVE']);
  });

  it('fires ERROR_RISING after risingBuckets rises in a row, not one fewer', () => {
    expect(firing({ ...quiet, hourlyErrors: [0.01, 0.011, 0.012] })).toEqual([]);
    expect(firing({ ...quiet, hourlyErrors: [0.01, 0.011, 0.012, 0.013] })).toEqual(['ERROR_RISING']);
    expect(firing({ ...quiet, hourlyErrors: [0.01, 0.011, 0.012, 0.013] }, { ...thresholds, risingBuckets: 4 })).toEqual([]);
  });

  it('never fires a disabled rule, a rule without its signal, or an error rule of a model without error metric', () => {
    const loud: ModelSignals = { latestError: { value: 9, version: null, at }, latestLatencyP99: { value: 9999, version: null, at }, hourlyErrors: [1, 2, 3, 4, 5] };
    expect(firing(loud, { errorAbove: null, latencyP99AboveMs: null, risingBuckets: 3 })).toEqual(['ERROR_RISING']);
    expect(firing({ latestError: null, latestLatencyP99: null, hourlyErrors: [] })).toEqual([]);
    expect(firing({ ...loud, latestError: null }, thresholds, null)).toEqual(['LATENCY_P99_ABOVE']);
  });
});

describe('alertChanges', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const verdicts = (signals: ModelSignals) => evaluateRules(thresholds, signals, 'mae');
  const loud = { ...quiet, latestError: { value: 0.05, version: 'v1', at } };

  it('opens one alert per firing rule with a deterministic id', () => {
    const first = alertChanges('engagement', verdicts(loud), [], now);
    expect(first.open.map((a) => a.rule)).toEqual(['ERROR_ABOVE']);
    expect(first.open[0]).toMatchObject({ modelId: 'engagement', value: 0.05, threshold: 0.03, version: 'v1', openedAt: now, resolvedAt: null });
    expect(alertChanges('engagement', verdicts(loud), [], now).open[0]!.id).toBe(first.open[0]!.id);
    expect(alertChanges('engagement', verdicts(loud), [], new Date(now.getTime() + 1)).open[0]!.id).not.toBe(first.open[0]!.id);
  });

  it('opens nothing while the rule has an open alert, and resolves it when the rule stops firing', () => {
    const [open] = alertChanges('engagement', verdicts(loud), [], now).open;
    expect(alertChanges('engagement', verdicts(loud), [open!], now)).toEqual({ open: [], resolve: [] });
    expect(alertChanges('engagement', verdicts(quiet), [open!], now)).toEqual({ open: [], resolve: [open] });
  });
});
