import { randomUUID } from 'node:crypto';
import type { ChannelDirectory } from './clients/channel-directory.js';
import type { EngagementPipeline } from '@telepulse/models/engagement/pipeline';
import { createLoaders, type Loaders } from './loaders.js';
import type { PredictionStore } from './store/prediction-store.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  predictor: EngagementPipeline;
  store: PredictionStore;
  loaders: Loaders;
  now: () => Date;
  newId: () => string;
}

export function createContext(predictor: EngagementPipeline, directory: ChannelDirectory, store: PredictionStore): Context {
  return { predictor, store, loaders: createLoaders(directory, store), now: () => new Date(), newId: randomUUID };
}
