import { describe, expect, it } from 'vitest';
import { buildGrowthInput, GROWTH_FEATURES } from '@telepulse/models/growth/features';
import { GROWTH_DRIFT_FEATURES, growthDriftFeatures } from '@telepulse/models/growth/drift-features';
import { addDays, GROWTH_WINDOW } from '@telepulse/models/growth/series';
import { servedGrowthForecast } from '../src/domain/served-forecast.js';
import { sampleForecast } from './sample-forecast.js';

const createdAt = new Date('2025-01-01T00:00:00Z');

describe('servedGrowthForecast', () => {
  it('gives one point per forecast day with its intervals, and the drift features of the stored input', () => {
    const counts = Array.from({ length: 60 }, (_, i) => ({ date: addDays('2024-11-02', i), count: 1000 + 3 * i }));
    const { input } = buildGrowthInput({ counts });
    const record = sampleForecast('f1', createdAt, { input: Array.from(input), inputShape: [GROWTH_WINDOW, GROWTH_FEATURES] });
    const served = servedGrowthForecast(record);
    expect(served).toMatchObject({ id: 'f1', modelId: 'growth', outcome: 'SUBSCRIBER_COUNT', postId: null, postedAt: null, createdAt });
    expect(served.points).toEqual(record.points);
    expect(served.features.map((f) => f.name)).toEqual([...GROWTH_DRIFT_FEATURES]);
    expect(served.features).toEqual(Object.entries(growthDriftFeatures(input)).map(([name, value]) => ({ name, value })));
  });

  it("keeps what an input of an earlier model's columns still tells: the size and the days read", () => {
    expect(servedGrowthForecast(sampleForecast('old', createdAt)).features).toEqual([
      { name: 'lnLastCount', value: Math.log1p(1000) },
      { name: 'historyDays', value: 56 },
    ]);
  });
});
