import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  recordPerformance: (_parent, { modelId, metrics }, { monitor, signal }) => monitor.recordManual(modelId, metrics, signal),
  setAlertThresholds: (_parent, { modelId, thresholds }, { monitor }) => monitor.setThresholds(modelId, thresholds),
};
