import { loadOrNotFound } from '@telepulse/platform/loaders';
import { assertPageLimit, BATCH_PAGE_MAX, ERROR_PAGE_MAX, nextCursor, parseCursor } from '../domain/cursor.js';
import { takesFeedback } from '../domain/feedback-models.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  async feedbackErrors(_parent, { modelId, after, limit }, { store }) {
    const size = limit ?? 500;
    assertPageLimit(size, ERROR_PAGE_MAX);
    const from = parseCursor(after);
    const items = takesFeedback(modelId) ? await store.page(modelId, from, size) : [];
    return { items, cursor: nextCursor(after, items) };
  },
  async feedbackBatches(_parent, { modelId, after, limit }, { processing }) {
    const size = limit ?? 100;
    assertPageLimit(size, BATCH_PAGE_MAX);
    const from = parseCursor(after);
    const items = takesFeedback(modelId) ? await processing.page(modelId, from, size) : [];
    return { items, cursor: nextCursor(after, items) };
  },
  feedback: (_parent, { id }, { loaders }) => loadOrNotFound(loaders.feedback, 'Feedback', id),
};
