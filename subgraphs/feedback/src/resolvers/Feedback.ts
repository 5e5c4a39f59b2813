import { observedOutcome } from '../domain/observed-outcome.js';
import type { FeedbackErrorResolvers, FeedbackProcessingResolvers, FeedbackResolvers } from '../__generated__/resolvers-types.js';

export const Feedback: FeedbackResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.feedback.load(id),
  model: ({ modelId }) => ({ id: modelId }),
  engagementRate: ({ observed }) => (observed.kind === 'ENGAGEMENT_RATE' ? observed.engagementRate : null),
  viral: ({ observed }) => (observed.kind === 'VIRAL' ? observed.viral : null),
  subscriberCounts: ({ observed, pairs }) =>
    observed.kind === 'SUBSCRIBER_COUNT' ? pairs.map((p) => ({ date: new Date(`${p.date}T00:00:00Z`), count: p.observed, predicted: p.predicted, lower80: p.lower80, upper80: p.upper80, lower95: p.lower95, upper95: p.upper95 })) : null,
  processed: ({ processedBy }) => processedBy !== null,
};

export const FeedbackError: FeedbackErrorResolvers = {
  feedbackId: ({ id }) => id,
  model: ({ modelId }) => ({ id: modelId }),
  outcome: ({ observed }) => observedOutcome(observed),
};

export const FeedbackProcessing: FeedbackProcessingResolvers = {
  model: ({ modelId }) => ({ id: modelId }),
  processedAt: ({ processedAt, startedAt }) => processedAt ?? startedAt,
};
