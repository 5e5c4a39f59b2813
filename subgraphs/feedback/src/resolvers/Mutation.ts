import { assertTakesFeedback } from '../domain/feedback-models.js';
import { submitFeedback } from '../domain/submit-feedback.js';
import { metricsByVersion } from '../domain/version-metrics.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { submitDeps } from './deps.js';

export const Mutation: MutationResolvers = {
  async submitFeedback(_parent, { predictionId, outcome }, context) {
    const [stored] = await submitFeedback(submitDeps(context), [{ predictionId, outcome, path: '' }], 'CLIENT');
    return stored!;
  },
  submitFeedbackBatch: (_parent, { items }, context) =>
    submitFeedback(
      submitDeps(context),
      items.map((item, i) => ({ predictionId: item.predictionId, outcome: item.outcome, path: `items[${i}]` })),
      'CLIENT',
      context.maxBatch,
    ),
  processFeedbackBatch(_parent, { modelId }, { processing, now }) {
    assertTakesFeedback(modelId);
    return processing.process(modelId, metricsByVersion, now);
  },
};
