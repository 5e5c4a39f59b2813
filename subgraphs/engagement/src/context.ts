import type { RequestTrace } from '@telepulse/platform/supergraph-client';
import type { ChannelHistoryReader } from './clients/channel-history.js';
import type { ServingEngagementModel } from './serving.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { PredictionStore } from './store/prediction-store.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  serving: ServingEngagementModel;
  store: PredictionStore;
  loaders: Loaders;
  now: () => Date;
}

export function createContext(serving: ServingEngagementModel, histories: ChannelHistoryReader, store: PredictionStore, trace: RequestTrace): Context {
  return { serving, store, loaders: createLoaders(histories, store, trace), now: () => new Date() };
}
