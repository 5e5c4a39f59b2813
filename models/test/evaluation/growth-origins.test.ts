import { describe, expect, it } from 'vitest';
import { GROWTH_EVALUATION } from '../../src/evaluation/growth-report.js';
import { growthOrigins } from '../../src/evaluation/growth-origins.js';
import { splitChannel } from '../../src/evaluation/time-split.js';
import { accelerating, handMadeGrowthChannel } from './channel-fixtures.js';

/** The origins (or the reason there are none) of a channel cut at `heldOutShare`. */
function originsOf(channel: ReturnType<typeof handMadeGrowthChannel>, heldOutShare: number) {
  return growthOrigins(channel.subscriberCounts, splitChannel(channel, { heldOutShare }).heldOutDayFrom, GROWTH_EVALUATION);
}

describe('growthOrigins', () => {
  it('starts at the last day before the cut and steps 7 days while 28 days of counts follow', () => {
    // 70 days (t = 0..69, 2026-01-01..2026-03-11), half held out: the cut is at t = 35, so the first
    // origin is t = 34 (2026-02-04); then t = 41, whose 28th day is t = 69, the last (kept: ≤);
    // t = 48 would need t = 76.
    expect(originsOf(handMadeGrowthChannel(accelerating, { days: 70 }), 0.5)).toEqual({
      origins: [
        { date: '2026-02-04', index: 34 },
        { date: '2026-02-11', index: 41 },
      ],
    });
  });

  it('skips a scheduled origin that has no count of its own', () => {
    // 71 days without t = 41: 70 counts, cut at index 35 (t = 34 is index 34); t = 41 has no
    // count, t = 48 needs t = 76 > 70.
    expect(originsOf(handMadeGrowthChannel(accelerating, { days: 71, missing: [41] }), 0.5)).toEqual({ origins: [{ date: '2026-02-04', index: 34 }] });
  });

  it('indexes the origin in the counts as they are, gaps and all', () => {
    // 57 days without t = 33: 56 counts cut at 28; index 27 is t = 27 (2026-01-28), the only origin (t = 34 + 28 > 56).
    expect(originsOf(handMadeGrowthChannel(accelerating, { days: 57, missing: [33] }), 0.5)).toEqual({ origins: [{ date: '2026-01-28', index: 27 }] });
  });

  it.each([
    ['a channel without counts', handMadeGrowthChannel(accelerating, { days: 0 }), 0.2, 'no subscriber counts'],
    ['everything held out', handMadeGrowthChannel(accelerating, { days: 70 }), 1, 'no subscriber count before the cut'],
    [
      // 40 days cut at 20: the origin t = 19 (2026-01-20) has 20 days behind it and 20 ahead.
      'too little history and too few days after the cut',
      handMadeGrowthChannel(accelerating, { days: 40 }),
      0.5,
      '20 days of history up to the first origin 2026-01-20, fewer than 28; the counts end 20 days after the last day before the cut (2026-01-20), fewer than 28',
    ],
    [
      // 56 counts cut at floor(44.8) = 44: the origin is index 43, t = 44 (2026-02-14); the last count is t = 56, 12 days on.
      'the default 20 % of 57 days',
      handMadeGrowthChannel(accelerating, { days: 57, missing: [33] }),
      0.2,
      'the counts end 12 days after the last day before the cut (2026-02-14), fewer than 28',
    ],
    [
      // The week after the only origin (t = 27) has no count: t = 28..34 missing; 50 counts, cut at floor(28.000…) = 28.
      'no count in the first week after any origin',
      handMadeGrowthChannel(accelerating, { days: 57, missing: [28, 29, 30, 31, 32, 33, 34] }),
      0.44,
      'no count in the 7 days after any origin',
    ],
  ])('finds %s too short to judge, and says why', (_, channel, share, reason) => {
    expect(originsOf(channel, share)).toEqual({ tooShort: reason });
  });

  it('counts the history in days, gaps included, as the model does once it fills them', () => {
    // 60 days without t = 5..10: 54 counts, cut at floor(54 × 0.45) = 24, so the origin is index 23,
    // t = 29 (2026-01-30): 24 counts but 30 days of history, enough. t = 36 would need t = 64 > 59.
    const gappy = handMadeGrowthChannel(accelerating, { days: 60, missing: [5, 6, 7, 8, 9, 10] });
    expect(originsOf(gappy, 0.55)).toEqual({ origins: [{ date: '2026-01-30', index: 23 }] });
  });
});
