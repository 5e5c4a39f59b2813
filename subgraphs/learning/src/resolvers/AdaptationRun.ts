import type { AdaptationRunResolvers } from '../__generated__/resolvers-types.js';

export const AdaptationRun: AdaptationRunResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.adaptationRuns.load(id),
  model: ({ modelId }) => ({ id: modelId }),
  steps: ({ id }, _args, { loaders }) => loaders.adaptationSteps.load(id),
};
