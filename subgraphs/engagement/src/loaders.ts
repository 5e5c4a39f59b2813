import DataLoader from 'dataloader';
import type { RequestScope } from '@telepulse/platform/request-scope';
import type { HistoryPost } from '@telepulse/models/engagement/features';
import { byIdsLoader } from '@telepulse/platform/loaders';
import type { ChannelHistoryReader } from './clients/channel-history.js';
import type { EngagementPredictionRecord } from './domain/prediction.js';
import type { PredictionStore } from './store/prediction-store.js';

export interface Loaders {
  /** Channels' recent posts: N channels, one gateway query per HISTORY_BATCH_MAX. */
  history: DataLoader<string, HistoryPost[] | null>;
  /** Stored predictions: N ids, one `$in` query. */
  prediction: DataLoader<string, EngagementPredictionRecord | null>;
  /** Served predictions to store: everything one request predicts, in one write. */
  recorder: DataLoader<EngagementPredictionRecord, EngagementPredictionRecord, string>;
}

/** Most channel ids one history read asks for: well within `channels(ids:)`'s limit (MAX_CHANNEL_IDS, 1,000 by default). */
const HISTORY_BATCH_MAX = 500;

/** Fresh loaders per request, so nothing cached outlives it; reads and writes stop with the request (`scope.signal`). */
export function createLoaders(histories: ChannelHistoryReader, store: PredictionStore, scope: RequestScope): Loaders {
  return {
    history: new DataLoader((ids) => histories.recentPosts(ids, scope), { maxBatchSize: HISTORY_BATCH_MAX }),
    prediction: byIdsLoader((ids) => store.findByIds(ids)),
    recorder: new DataLoader((records) => store.recordPredictions(records, scope.signal), { cacheKeyFn: (record) => record.id }),
  };
}
