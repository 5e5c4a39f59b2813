import { InvalidInputError } from '@telepulse/platform/errors';

/**
 * Trend buckets: fixed lengths, aligned to the UNIX epoch in UTC (an hour bucket starts on the
 * hour, a day bucket at midnight UTC). A point's bucket starts are computed here when it is
 * recorded and stored with it, so MongoDB groups by a stored field instead of computing a date:
 * FerretDB 1.24 implements none of the operators that would ($dateTrunc, $subtract, $mod,
 * $floor, $toLong, $divide: "not implemented yet", checked).
 */

export const TREND_BUCKETS = ['MINUTE', 'FIVE_MINUTES', 'HOUR', 'DAY'] as const;
export type TrendBucket = (typeof TREND_BUCKETS)[number];

export const BUCKET_MINUTES: Record<TrendBucket, number> = { MINUTE: 1, FIVE_MINUTES: 5, HOUR: 60, DAY: 1440 };

const MINUTE_MS = 60_000;

/** The start of the `bucket` that holds `at`. */
export function bucketStart(at: Date, bucket: TrendBucket): Date {
  const length = BUCKET_MINUTES[bucket] * MINUTE_MS;
  return new Date(Math.floor(at.getTime() / length) * length);
}

/** The end (exclusive) of the bucket starting at `start`. */
export function bucketEnd(start: Date, bucket: TrendBucket): Date {
  return new Date(start.getTime() + BUCKET_MINUTES[bucket] * MINUTE_MS);
}

/** The start of every bucket length that holds `at`, as stored with a point. */
export function bucketStarts(at: Date): Record<TrendBucket, Date> {
  return Object.fromEntries(TREND_BUCKETS.map((b) => [b, bucketStart(at, b)])) as Record<TrendBucket, Date>;
}

/** The most buckets one trend may span. */
export const MAX_TREND_BUCKETS = 2000;

/**
 * The first instant a trend over the last `hours` covers: the start of the bucket that holds
 * `now − hours`, so the oldest bucket is whole. BAD_USER_INPUT naming `hours` when it is not 1 to
 * `maxHours`, or when it would span more than MAX_TREND_BUCKETS buckets.
 */
export function trendFrom(now: Date, hours: number, bucket: TrendBucket, maxHours: number): Date {
  if (!Number.isInteger(hours) || hours < 1 || hours > maxHours) {
    throw new InvalidInputError([{ field: 'hours', value: hours, message: `must be a whole number from 1 to ${maxHours} (the retention)` }]);
  }
  const buckets = Math.ceil((hours * 60) / BUCKET_MINUTES[bucket]);
  if (buckets > MAX_TREND_BUCKETS) {
    throw new InvalidInputError([{ field: 'hours', value: hours, message: `spans ${buckets} ${bucket} buckets; at most ${MAX_TREND_BUCKETS}: ask for fewer hours or longer buckets` }]);
  }
  return bucketStart(new Date(now.getTime() - hours * 3_600_000), bucket);
}
