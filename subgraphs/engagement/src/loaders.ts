import DataLoader from 'dataloader';
import type { HistoryPost } from '@telepulse/models/engagement/features';
import { byIdsLoader } from '@telepulse/platform/loaders';
import type { ChannelDirectory } from './clients/channel-directory.js';
import type { EngagementPredictionRecord } from './domain/prediction.js';
import type { PredictionStore } from './store/prediction-store.js';

export interface Loaders {
  /** Channels' recent posts: N channels, one gateway query. */
  history: DataLoader<string, HistoryPost[] | null>;
  /** Stored predictions: N ids, one `$in` query. */
  prediction: DataLoader<string, EngagementPredictionRecord | null>;
}

export function createLoaders(directory: ChannelDirectory, store: PredictionStore): Loaders {
  return {
    history: new DataLoader((ids) => directory.recentPosts(ids)),
    prediction: byIdsLoader((ids) => store.findByIds(ids)),
  };
}
