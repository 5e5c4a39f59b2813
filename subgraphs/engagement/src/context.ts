import { randomUUID } from 'node:crypto';
import type { ChannelDirectory } from './clients/channel-directory.js';
import type { ServingEngagementModel } from './serving.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { PredictionStore } from './store/prediction-store.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  serving: ServingEngagementModel;
  store: PredictionStore;
  loaders: Loaders;
  now: () => Date;
  newId: () => string;
}

export function createContext(serving: ServingEngagementModel, directory: ChannelDirectory, store: PredictionStore): Context {
  return { serving, store, loaders: createLoaders(directory, store), now: () => new Date(), newId: randomUUID };
}
