import { describe, expect, it } from 'vitest';
import { bucketEnd, bucketStart, bucketStarts, MAX_TREND_BUCKETS, trendFrom } from '../src/domain/buckets.js';
import { InvalidInputError } from '@telepulse/platform/errors';

const at = new Date('2026-03-04T13:47:31.250Z');

describe('bucket maths', () => {
  it('aligns every bucket length to UTC', () => {
    expect(bucketStarts(at)).toEqual({
      MINUTE: new Date('2026-03-04T13:47:00Z'),
      FIVE_MINUTES: new Date('2026-03-04T13:45:00Z'),
      HOUR: new Date('2026-03-04T13:00:00Z'),
      DAY: new Date('2026-03-04T00:00:00Z'),
    });
    expect(bucketEnd(bucketStart(at, 'FIVE_MINUTES'), 'FIVE_MINUTES')).toEqual(new Date('2026-03-04T13:50:00Z'));
  });

  it('puts an instant on a boundary in the bucket it starts', () => {
    const boundary = new Date('2026-03-04T14:00:00Z');
    expect(bucketStart(boundary, 'HOUR')).toEqual(boundary);
    expect(bucketStart(new Date(boundary.getTime() - 1), 'HOUR')).toEqual(new Date('2026-03-04T13:00:00Z'));
  });

  it('starts a trend at the start of the bucket that holds now − hours', () => {
    expect(trendFrom(at, 24, 'HOUR', 720)).toEqual(new Date('2026-03-03T13:00:00Z'));
    expect(trendFrom(at, 1, 'FIVE_MINUTES', 720)).toEqual(new Date('2026-03-04T12:45:00Z'));
  });

  it('refuses hours outside 1..retention, and trends of more buckets than the cap, naming `hours`', () => {
    for (const hours of [0, -1, 1.5, 721]) {
      expect(() => trendFrom(at, hours, 'HOUR', 720)).toThrow(InvalidInputError);
    }
    const tooMany = Math.ceil((MAX_TREND_BUCKETS + 1) / 60);
    try {
      trendFrom(at, tooMany, 'MINUTE', 720);
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidInputError).details).toMatchObject({ field: 'hours', value: tooMany });
    }
    expect(() => trendFrom(at, 720, 'HOUR', 720)).not.toThrow();
  });
});
