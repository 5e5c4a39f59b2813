/**
 * The windows the performance trend can show, each with the bucket that keeps its chart readable
 * (and within monitoring's 2,000 buckets a request).
 */
import type { TrendBucket } from '../../__generated__/graphql.js';

export interface TrendRange {
  key: string;
  label: string;
  hours: number;
  bucket: TrendBucket;
}

export const TREND_RANGES: readonly TrendRange[] = [
  { key: '6h', label: '6 hours', hours: 6, bucket: 'FIVE_MINUTES' },
  { key: '24h', label: '24 hours', hours: 24, bucket: 'HOUR' },
  { key: '7d', label: '7 days', hours: 168, bucket: 'HOUR' },
  { key: '30d', label: '30 days', hours: 720, bucket: 'DAY' },
];

export const DEFAULT_TREND_RANGE: TrendRange = TREND_RANGES[1]!;

/** The range named `key`, or the default. */
export function trendRange(key: string | null | undefined): TrendRange {
  return TREND_RANGES.find((r) => r.key === key) ?? DEFAULT_TREND_RANGE;
}
