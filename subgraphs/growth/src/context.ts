import type { RequestScope } from '@telepulse/platform/request-scope';
import type { GrowthPipeline } from '@telepulse/models/growth/pipeline';
import type { ChannelSeriesReader } from './clients/channel-series.js';
import type { GrowthForecaster } from './domain/forecaster.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { ForecastStore } from './store/forecast-store.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  forecaster: GrowthForecaster;
  /** The model in service, as `growthModel` describes it (the domain only sees `forecaster`). */
  model: GrowthPipeline;
  store: ForecastStore;
  loaders: Loaders;
  now: () => Date;
  /** The most values one validateTimeSeries may check (MAX_SERIES_POINTS). */
  maxSeriesPoints: number;
}

export function createContext(model: GrowthPipeline, series: ChannelSeriesReader, store: ForecastStore, scope: RequestScope, maxSeriesPoints: number): Context {
  return { forecaster: model, model, store, loaders: createLoaders(series, store, scope), now: () => new Date(), maxSeriesPoints };
}
