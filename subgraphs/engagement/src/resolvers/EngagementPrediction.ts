import type { EngagementPredictionResolvers } from '../__generated__/resolvers-types.js';

export const EngagementPrediction: EngagementPredictionResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.prediction.load(id),
  channel: (record) => ({ id: record.channelId }),
  model: (record) => ({ id: record.modelName }),
};
