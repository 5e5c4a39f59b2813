import { loadEvery } from '@telepulse/platform/loaders';
import type { GrowthHistory } from '@telepulse/models/growth/series';
import { FORECAST_HISTORY_DAYS, type ForecastDeps } from '../domain/forecast-growth.js';
import { PATTERNS_MAX_DAYS } from '../domain/patterns.js';
import type { Context } from '../context.js';

/** The forecast use case's dependencies, from a request context. */
export function forecastDeps(context: Context): ForecastDeps {
  return {
    forecaster: context.forecaster,
    loadHistory: (channelId) => context.loaders.series.load({ channelId, days: FORECAST_HISTORY_DAYS }),
    recordForecasts: (records) => loadEvery(context.loaders.recorder, records),
    now: context.now,
  };
}

/** A channel's counts for a pattern analysis: the latest PATTERNS_MAX_DAYS. */
export function patternHistory(context: Context): (channelId: string) => Promise<GrowthHistory | null> {
  return (channelId) => context.loaders.series.load({ channelId, days: PATTERNS_MAX_DAYS });
}
