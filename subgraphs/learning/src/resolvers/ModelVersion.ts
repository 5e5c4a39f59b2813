import type { ModelVersionResolvers } from '../__generated__/resolvers-types.js';

export const ModelVersion: ModelVersionResolvers = {
  model: ({ modelId }) => ({ id: modelId }),
  evaluation: async ({ modelId, version }, _args, { loaders }) => (await loaders.evaluations.load(modelId)).get(version) ?? null,
};
