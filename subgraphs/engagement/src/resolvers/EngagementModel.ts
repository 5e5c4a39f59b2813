import type { EngagementModelResolvers } from '../__generated__/resolvers-types.js';

export const EngagementModel: EngagementModelResolvers = {
  name: (predictor) => predictor.name,
  version: (predictor) => predictor.version,
  source: (predictor) => predictor.model.source,
  executionProvider: (predictor) => predictor.model.provider.name,
  // The API's `window`: the history posts the model reads.
  window: (predictor) => predictor.historyPosts,
  heldOutMae: (predictor) => predictor.metadata.metrics.test.mae,
  baselineMae: (predictor) => predictor.metadata.metrics.test.baselineMae,
};
