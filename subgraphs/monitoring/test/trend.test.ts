import { describe, expect, it } from 'vitest';
import { POINT_SAMPLE, summarizeBuckets } from '../src/domain/trend.js';

const h = (hour: number) => new Date(Date.UTC(2026, 0, 1, hour));

describe('summarizeBuckets', () => {
  it('takes each metric mean over the points that had it, counts points, orders buckets, and picks the error metric', () => {
    const buckets = summarizeBuckets(
      [
        { start: h(11), metric: POINT_SAMPLE, sum: 1, count: 1 },
        { start: h(11), metric: 'brier', sum: 0.2, count: 1 },
        { start: h(10), metric: POINT_SAMPLE, sum: 3, count: 3 },
        { start: h(10), metric: 'brier', sum: 0.3, count: 2 },
        { start: h(10), metric: 'items', sum: 40, count: 1 },
        { start: h(10), metric: 'unknown', sum: 1, count: 1 },
      ],
      'HOUR',
      'brier',
    );
    expect(buckets).toEqual([
      { start: h(10), end: h(11), count: 3, error: 0.15, metrics: { brier: 0.15, items: 40 } },
      { start: h(11), end: h(12), count: 1, error: 0.2, metrics: { brier: 0.2 } },
    ]);
  });

  it('has no error for a model without error metric, or a bucket without it', () => {
    const groups = [
      { start: h(10), metric: POINT_SAMPLE, sum: 1, count: 1 },
      { start: h(10), metric: 'latencyP99Ms', sum: 12, count: 1 },
    ];
    expect(summarizeBuckets(groups, 'HOUR', null)[0]!.error).toBeNull();
    expect(summarizeBuckets(groups, 'HOUR', 'mae')[0]!.error).toBeNull();
  });
});
