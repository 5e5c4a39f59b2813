import type { RequestScope } from '@telepulse/platform/request-scope';
import type { EngagementPipeline } from '@telepulse/models/engagement/pipeline';
import type { ChannelHistoryReader } from './clients/channel-history.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { PredictionStore } from './store/prediction-store.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  predictor: EngagementPipeline;
  store: PredictionStore;
  loaders: Loaders;
  now: () => Date;
  /** The most predictions one batch may ask for (MAX_PREDICTION_BATCH). */
  maxBatch: number;
}

export function createContext(predictor: EngagementPipeline, histories: ChannelHistoryReader, store: PredictionStore, scope: RequestScope, maxBatch: number): Context {
  return { predictor, store, loaders: createLoaders(histories, store, scope), now: () => new Date(), maxBatch };
}
