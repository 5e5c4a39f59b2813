import { describe, expect, it } from 'vitest';
import { errorColumn, metricColumns } from '../../src/pages/models/metric-columns.js';
import { DEFAULT_TREND_RANGE, TREND_RANGES, trendRange } from '../../src/pages/models/trend-range.js';

describe('metricColumns', () => {
  it('shows the metrics feedback computes for each outcome kind, the error metric first', () => {
    expect(metricColumns('ENGAGEMENT_RATE').map((c) => c.key)).toEqual(['mae', 'bias']);
    expect(metricColumns('SUBSCRIBER_COUNT').map((c) => c.key)).toEqual(['mase', 'mae', 'bias', 'coverage80', 'coverage95']);
    expect(metricColumns('VIRAL').map((c) => c.key)).toEqual(['brier', 'auc']);
    expect(metricColumns(null)).toEqual([]);
    expect(errorColumn('MASE')?.key).toBe('mase');
    expect(errorColumn(null)).toBeNull();
  });
});

describe('trend ranges', () => {
  it('stay within monitoring\'s 2,000 buckets a request, and an unknown key falls back to 24 hours', () => {
    const minutes = { MINUTE: 1, FIVE_MINUTES: 5, HOUR: 60, DAY: 1440 } as const;
    for (const range of TREND_RANGES) expect((range.hours * 60) / minutes[range.bucket]).toBeLessThanOrEqual(2000);
    expect(trendRange('nope')).toBe(DEFAULT_TREND_RANGE);
    expect(trendRange('7d')).toMatchObject({ hours: 168, bucket: 'HOUR' });
  });
});
