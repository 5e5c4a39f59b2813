import type DataLoader from 'dataloader';
import { byIdsLoader } from '@telepulse/platform/loaders';
import type { FeedbackRecord } from './domain/feedback.js';
import type { FeedbackStore } from './store/feedback-store.js';

export interface Loaders {
  /** Stored feedback: N ids, one `$in` query. */
  feedback: DataLoader<string, FeedbackRecord | null>;
}

/** Fresh loaders per request, so nothing cached outlives it. */
export function createLoaders(store: FeedbackStore): Loaders {
  return { feedback: byIdsLoader((ids) => store.findByIds(ids)) };
}
