import { takesFeedback } from '../domain/feedback-models.js';
import { metricsByVersion } from '../domain/version-metrics.js';
import type { ModelResolvers } from '../__generated__/resolvers-types.js';

export const Model: ModelResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  async feedbackSummary({ id }, _args, { store, processing }) {
    if (!takesFeedback(id)) return { total: 0, processed: 0, unprocessed: 0, byVersion: [], lastFeedbackAt: null };
    // Processed first: an item processed between the two counts is then counted in total, never twice.
    const [processedItems, total, lastFeedbackAt] = await Promise.all([processing.processedItems(id), store.countOf(id), store.lastReceivedAt(id)]);
    const processed = processedItems.length;
    return { total, processed, unprocessed: Math.max(0, total - processed), byVersion: metricsByVersion(processedItems), lastFeedbackAt };
  },
};
