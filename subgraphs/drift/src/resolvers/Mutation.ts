import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  detectPerformanceDrift: (_, { modelId }, { detectPerformance, scope }) => detectPerformance(modelId, scope),
  detectDataDrift: (_, { modelId, window }, { detectData, scope }) => detectData(modelId, window, scope),
};
