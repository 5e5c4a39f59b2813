import { describe, expect, it } from 'vitest';
import { addDays, fillDailyGaps, GROWTH_MIN_DAYS, GROWTH_WINDOW, GrowthHistoryTooShortError, seasonalNaiveGains, type GrowthHistory } from '@telepulse/models/growth/series';
import { forecastGrowth, type ForecastDeps } from '../src/domain/forecast-growth.js';
import type { GrowthForecastRecord } from '../src/domain/forecast.js';
import type { ForecastEstimate, GrowthForecaster } from '../src/domain/forecaster.js';
import { countsFromGains, noisyGains } from './series-fixtures.js';

/**
 * A forecaster of the domain's interface that is the seasonal-naive forecast itself (intervals
 * ±10 % and ±20 % of the gain), reading the last GROWTH_WINDOW days as its input: enough to see
 * what the use case does with a model's answer. Counts its calls.
 */
class NaiveForecaster implements GrowthForecaster {
  readonly name = 'growth';
  calls = 0;
  constructor(readonly version = '0.0.1') {}

  async forecast(history: GrowthHistory, days: number): Promise<ForecastEstimate> {
    this.calls += 1;
    const filled = fillDailyGaps(history.counts).slice(-GROWTH_WINDOW);
    if (filled.length < GROWTH_MIN_DAYS) throw new GrowthHistoryTooShortError(filled.length);
    const last = filled[filled.length - 1]!;
    const path = seasonalNaiveGains(filled.map((d) => d.count), days);
    const points = path.map((value, d) => {
      const gain = value - last.count;
      return { date: addDays(last.date, d + 1), value, lower80: value - 0.1 * Math.abs(gain), upper80: value + 0.1 * Math.abs(gain), lower95: value - 0.2 * Math.abs(gain), upper95: value + 0.2 * Math.abs(gain) };
    });
    return {
      points,
      baseline: points.map((p) => ({ date: p.date, value: p.value })),
      historyUsed: filled.length,
      lastDate: last.date,
      lastCount: last.count,
      input: Float32Array.from(filled.map((d) => Math.log(d.count))),
      inputShape: [filled.length, 1],
    };
  }
}

const history: GrowthHistory = { counts: countsFromGains(2_000, noisyGains(89, 15, 4, 'forecast')) };

function deps(forecaster = new NaiveForecaster(), histories: Record<string, GrowthHistory> = { c1: history }) {
  const stored = new Map<string, GrowthForecastRecord>();
  const reads: string[] = [];
  let clock = 0;
  const value: ForecastDeps = {
    forecaster,
    loadHistory: async (channelId) => {
      reads.push(channelId);
      return histories[channelId] ?? null;
    },
    recordForecasts: async (records) => records.map((r) => stored.get(r.id) ?? (stored.set(r.id, r), r)),
    now: () => new Date(Date.UTC(2025, 0, 1, 0, 0, clock++)),
  };
  return { value, stored, reads, forecaster };
}

describe('serving a forecast', () => {
  it('forecasts the days after the last count, with the model, its input and the baseline, and stores it', async () => {
    const { value, stored } = deps();
    const forecast = await forecastGrowth(value, { channelId: 'c1', days: 7 });
    const last = history.counts[history.counts.length - 1]!;
    expect(forecast).toMatchObject({ channelId: 'c1', modelName: 'growth', modelVersion: '0.0.1', days: 7, lastDate: last.date, lastCount: last.count, historyDays: GROWTH_WINDOW, inputShape: [GROWTH_WINDOW, 1] });
    expect(forecast.points.map((p) => p.date)).toEqual(Array.from({ length: 7 }, (_, d) => addDays(last.date, d + 1)));
    expect(forecast.baseline.map((b) => b.value)).toEqual(seasonalNaiveGains(history.counts.map((c) => c.count), 7));
    expect(forecast.input).toHaveLength(GROWTH_WINDOW);
    expect([...stored.values()]).toEqual([forecast]);
  });

  it('gives the same id to the same question and keeps the first record; another horizon or model version is another forecast', async () => {
    const { value, stored } = deps();
    const first = await forecastGrowth(value, { channelId: 'c1', days: 7 });
    const again = await forecastGrowth(value, { channelId: 'c1', days: 7 });
    expect(again).toEqual(first);
    expect(stored.size).toBe(1);
    expect((await forecastGrowth(value, { channelId: 'c1', days: 8 })).id).not.toBe(first.id);
    expect((await forecastGrowth({ ...value, forecaster: new NaiveForecaster('0.0.2') }, { channelId: 'c1', days: 7 })).id).not.toBe(first.id);
  });

  it.each([0, 31, -3])('refuses %i days with BAD_USER_INPUT naming days, before reading anything', async (days) => {
    const { value, reads } = deps();
    await expect(forecastGrowth(value, { channelId: 'c1', days })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'days', value: days } });
    expect(reads).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown channel', async () => {
    const { value } = deps();
    await expect(forecastGrowth(value, { channelId: 'nope', days: 7 })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { id: 'nope' } });
  });

  it('refuses a history shorter than the model needs, saying how many days exist and are needed, without asking the model', async () => {
    const short = { counts: history.counts.slice(0, GROWTH_MIN_DAYS - 1) };
    const { value, forecaster, stored } = deps(undefined, { short, empty: { counts: [] } });
    await expect(forecastGrowth(value, { channelId: 'short', days: 7 })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: `channelId: has ${GROWTH_MIN_DAYS - 1} days of subscriber counts; a forecast needs at least ${GROWTH_MIN_DAYS}, got "short"`,
      details: { field: 'channelId', value: 'short', reason: 'GROWTH_HISTORY_TOO_SHORT', days: GROWTH_MIN_DAYS - 1, needed: GROWTH_MIN_DAYS },
    });
    await expect(forecastGrowth(value, { channelId: 'empty', days: 7 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { days: 0, needed: GROWTH_MIN_DAYS } });
    expect(forecaster.calls).toBe(0);
    expect(stored.size).toBe(0);
  });

  it('turns a model that needs more days than the contract into the same client error', async () => {
    const demanding = new NaiveForecaster();
    demanding.forecast = async () => {
      throw new GrowthHistoryTooShortError(90, 120);
    };
    const { value } = deps(demanding);
    await expect(forecastGrowth(value, { channelId: 'c1', days: 7 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { days: 90, needed: 120 } });
  });
});
