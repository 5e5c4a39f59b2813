import type { ModelVersionResolvers } from '../__generated__/resolvers-types.js';

export const ModelVersion: ModelVersionResolvers = {
  model: ({ modelId }) => ({ id: modelId }),
};
