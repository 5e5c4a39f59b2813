import { describe, expect, it } from 'vitest';
import { bias, intervalCoverage, meanAbsoluteError } from '@telepulse/models/evaluation/metrics';
import { brierScore, rocAuc } from '@telepulse/models/evaluation/rank-metrics';
import type { ObservedPair } from '../src/domain/feedback.js';
import { metricsByVersion, type MetricItem } from '../src/domain/version-metrics.js';

const pair = (predicted: number, observed: number, interval: Partial<ObservedPair> = {}): ObservedPair => ({ date: null, predicted, observed, lower80: null, upper80: null, lower95: null, upper95: null, ...interval });
const rate = (version: string, predicted: number, observed: number): MetricItem => ({ modelVersion: version, outcome: 'ENGAGEMENT_RATE', pairs: [pair(predicted, observed)], scale: null });

describe('metrics per model version', () => {
  it('engagement: MAE and bias per version, as eval computes them, the rest null; versions in order', () => {
    const items = [rate('2.0.0', 0.1, 0.05), rate('1.0.0', 0.02, 0.04), rate('2.0.0', 0.03, 0.07)];
    const [v1, v2] = metricsByVersion(items);
    expect(v1).toEqual({ version: '1.0.0', count: 1, mae: meanAbsoluteError([0.02], [0.04]), bias: bias([0.02], [0.04]), coverage80: null, coverage95: null, mase: null, auc: null, brier: null });
    expect(v2).toMatchObject({ version: '2.0.0', count: 2, mae: meanAbsoluteError([0.1, 0.03], [0.05, 0.07]), bias: bias([0.1, 0.03], [0.05, 0.07]) });
    expect(v2!.mae).toBeCloseTo(0.045, 12);
    expect(v2!.bias).toBeCloseTo(0.005, 12);
  });

  it('viral: ROC-AUC and Brier over the items; AUC null while only one outcome was seen', () => {
    const viral = (p: number, y: boolean): MetricItem => ({ modelVersion: '1', outcome: 'VIRAL', pairs: [pair(p, y ? 1 : 0)], scale: null });
    const items = [viral(0.9, true), viral(0.2, false), viral(0.6, false), viral(0.4, true)];
    const [m] = metricsByVersion(items);
    expect(m!.auc).toBe(rocAuc([0.9, 0.2, 0.6, 0.4], [true, false, false, true]));
    expect(m!.auc).toBeCloseTo(0.75, 12);
    expect(m!.brier).toBeCloseTo(brierScore([0.9, 0.2, 0.6, 0.4], [true, false, false, true]), 12);
    expect(m).toMatchObject({ mae: null, bias: null, mase: null });
    expect(metricsByVersion([viral(0.9, true)])[0]!.auc).toBeNull();
  });

  it('growth: MAE and bias over every observed day, interval coverage, and MASE as the mean of each day scaled by its own forecast', () => {
    const days = (scale: number, ...pairs: ObservedPair[]): MetricItem => ({ modelVersion: '1.1.0', outcome: 'SUBSCRIBER_COUNT', pairs, scale });
    const i80 = (v: number) => ({ lower80: v - 10, upper80: v + 10, lower95: v - 20, upper95: v + 20 });
    const items = [days(10, pair(100, 105, i80(100)), pair(110, 125, i80(110))), days(2, pair(50, 50, i80(50)))];
    const [m] = metricsByVersion(items);
    expect(m!.count).toBe(2);
    expect(m!.mae).toBeCloseTo(meanAbsoluteError([100, 110, 50], [105, 125, 50]), 12);
    expect(m!.bias).toBeCloseTo(-20 / 3, 12);
    expect(m!.coverage80).toBeCloseTo(intervalCoverage([90, 100, 40], [110, 120, 60], [105, 125, 50]), 12);
    expect(m!.coverage80).toBeCloseTo(2 / 3, 12);
    expect(m!.coverage95).toBe(1);
    expect(m!.mase).toBeCloseTo((5 / 10 + 15 / 10 + 0 / 2) / 3, 12);
    expect(m).toMatchObject({ auc: null, brier: null });
  });

  it('no items: no versions', () => {
    expect(metricsByVersion([])).toEqual([]);
  });
});
