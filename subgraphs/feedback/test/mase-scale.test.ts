import { describe, expect, it } from 'vitest';
import { seasonalNaiveMae } from '@telepulse/models/evaluation/metrics';
import { addDays, fillDailyGaps } from '@telepulse/models/growth/series';
import { forecastOrigin, naiveScale } from '../src/domain/mase-scale.js';
import { growthForecast } from './sample-predictions.js';

describe("MASE's scale, as pnpm eval computes it", () => {
  it('the forecast starts from the day before its first point', () => {
    expect(forecastOrigin(growthForecast('g'))).toBe('2025-03-01');
  });

  it('is the weekly seasonal-naive MAE of the gap-filled counts up to the origin, later counts ignored', () => {
    const counts = Array.from({ length: 20 }, (_, i) => ({ date: addDays('2025-02-01', i), count: 1000 + i * i })).filter((_, i) => i !== 5);
    const origin = addDays('2025-02-01', 15);
    const upTo = counts.filter((c) => c.date <= origin);
    expect(naiveScale(counts, origin)).toBe(seasonalNaiveMae(fillDailyGaps(upTo).map((c) => c.count), 7));
    expect(naiveScale(counts, origin)).toBeGreaterThan(0);
  });

  it('has none with fewer than eight days', () => {
    expect(naiveScale([{ date: '2025-02-01', count: 1 }, { date: '2025-02-07', count: 9 }], '2025-02-07')).toBeNull();
  });
});
