import type { RequestScope } from '@telepulse/platform/request-scope';
import type { ServedPredictionReader } from './clients/served-predictions.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { FeedbackStore } from './store/feedback-store.js';
import type { ProcessingStore } from './store/processing-store.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  store: FeedbackStore;
  processing: ProcessingStore;
  served: ServedPredictionReader;
  loaders: Loaders;
  scope: RequestScope;
  now: () => Date;
  /** The most items one submitFeedbackBatch may hold (MAX_FEEDBACK_BATCH). */
  maxBatch: number;
}

export interface Services {
  store: FeedbackStore;
  processing: ProcessingStore;
  served: ServedPredictionReader;
  maxBatch: number;
}

export function createContext(services: Services, scope: RequestScope): Context {
  return { ...services, loaders: createLoaders(services.store), scope, now: () => new Date() };
}
