import DataLoader from 'dataloader';
import type { RequestScope } from '@telepulse/platform/request-scope';
import { byIdsLoader } from '@telepulse/platform/loaders';
import type { GrowthHistory } from '@telepulse/models/growth/series';
import type { ChannelSeriesReader, SeriesRequest } from './clients/channel-series.js';
import type { GrowthForecastRecord } from './domain/forecast.js';
import type { ForecastStore } from './store/forecast-store.js';

export interface Loaders {
  /** Channels' subscriber histories: everything one request asks, two gateway queries per SERIES_BATCH_MAX channels. */
  series: DataLoader<SeriesRequest, GrowthHistory | null, string>;
  /** Stored forecasts: N ids, one `$in` query. */
  forecast: DataLoader<string, GrowthForecastRecord | null>;
  /** Served forecasts to store: everything one request forecasts, in one write. */
  recorder: DataLoader<GrowthForecastRecord, GrowthForecastRecord, string>;
}

/** Most channel ids one read asks for: well within `channels(ids:)`'s limit (MAX_CHANNEL_IDS, 1,000 by default). */
const SERIES_BATCH_MAX = 500;

/** Fresh loaders per request, so nothing cached outlives it; reads and writes stop with the request (`scope.signal`). */
export function createLoaders(series: ChannelSeriesReader, store: ForecastStore, scope: RequestScope): Loaders {
  return {
    series: new DataLoader((requests) => series.read(requests, scope), { maxBatchSize: SERIES_BATCH_MAX, cacheKeyFn: (r) => `${r.days}:${r.channelId}` }),
    forecast: byIdsLoader((ids) => store.findByIds(ids)),
    recorder: new DataLoader((records) => store.recordForecasts(records, scope.signal), { cacheKeyFn: (record) => record.id }),
  };
}
