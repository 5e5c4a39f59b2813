import { describe, expect, it } from 'vitest';
import { forecastId, type ForecastIdentity } from '../src/domain/forecast-id.js';

const identity: ForecastIdentity = {
  modelName: 'growth',
  modelVersion: '1.0.0',
  channelId: 'c1',
  days: 7,
  lastDate: '2024-12-31',
  lastCount: 1_200,
  input: [0.1, 0.2, 0.3, 0.4],
  inputShape: [2, 2],
};

describe('forecast ids', () => {
  it('are the same for the same model, channel, horizon, origin and input', () => {
    expect(forecastId(identity)).toBe(forecastId(structuredClone(identity)));
    expect(forecastId(identity)).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each<[string, Partial<ForecastIdentity>]>([
    ['another model version', { modelVersion: '1.0.1' }],
    ['another model', { modelName: 'growth-trial' }],
    ['another channel', { channelId: 'c2' }],
    ['another horizon', { days: 8 }],
    ['the same input a week later (a flat channel)', { lastDate: '2025-01-07' }],
    ['the same gains from another level', { lastCount: 1_201 }],
    ['an input one float32 step away', { input: [0.1, 0.2, 0.3, Math.fround(0.4) + 2 ** -25] }],
  ])('differ for %s', (_what, change) => {
    expect(forecastId({ ...identity, ...change })).not.toBe(forecastId(identity));
  });

  it('hash the input as the float32 the model read: a double that rounds to the same float32 is the same forecast', () => {
    expect(forecastId({ ...identity, input: [0.1, 0.2, 0.3, 0.4 + 1e-12] })).toBe(forecastId(identity));
  });
});
