import type { LearningJobResolvers, LearningRateStateResolvers } from '../__generated__/resolvers-types.js';

export const LearningJob: LearningJobResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.jobs.load(id),
  model: ({ modelId }) => ({ id: modelId }),
};

export const LearningRateState: LearningRateStateResolvers = {
  model: ({ modelId }) => ({ id: modelId }),
};
