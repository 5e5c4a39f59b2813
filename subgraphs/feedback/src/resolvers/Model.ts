import { takesFeedback } from '../domain/feedback-models.js';
import { metricsByVersion } from '../domain/version-metrics.js';
import type { ModelResolvers } from '../__generated__/resolvers-types.js';

export const Model: ModelResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  async feedbackSummary({ id }, _args, { store, processing }) {
    if (!takesFeedback(id)) return { total: 0, processed: 0, unprocessed: 0, byVersion: [], lastFeedbackAt: null };
    // Processed read before the total: items are never removed, so the total then holds every processed one and `unprocessed` is never negative.
    const processedItems = await processing.processedItems(id);
    const [total, lastFeedbackAt] = await Promise.all([store.countOf(id), store.lastReceivedAt(id)]);
    const processed = processedItems.length;
    return { total, processed, unprocessed: total - processed, byVersion: metricsByVersion(processedItems), lastFeedbackAt };
  },
};
