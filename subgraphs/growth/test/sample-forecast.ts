import type { GrowthForecastRecord } from '../src/domain/forecast.js';

/** A stored forecast's record with plausible values: two days from 1,000 subscribers. */
export const sampleForecast = (id: string, createdAt: Date, overrides: Partial<GrowthForecastRecord> = {}): GrowthForecastRecord => ({
  id,
  channelId: 'c1',
  modelName: 'growth',
  modelVersion: '1.0.0',
  days: 2,
  lastDate: '2024-12-31',
  lastCount: 1_000,
  points: [
    { date: '2025-01-01', value: 1_010, lower80: 1_005, upper80: 1_015, lower95: 1_001, upper95: 1_020 },
    { date: '2025-01-02', value: 1_020, lower80: 1_010, upper80: 1_030, lower95: 1_003, upper95: 1_040 },
  ],
  baseline: [
    { date: '2025-01-01', value: 1_008 },
    { date: '2025-01-02', value: 1_016 },
  ],
  historyDays: 56,
  // As served: the model's Float32Array (read back from its float32 bytes as one).
  input: Float32Array.from([0.5, 0.25]),
  inputShape: [1, 2],
  createdAt,
  ...overrides,
});
