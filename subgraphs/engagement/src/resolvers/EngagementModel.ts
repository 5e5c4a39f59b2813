import type { EngagementModelResolvers } from '../__generated__/resolvers-types.js';

export const EngagementModel: EngagementModelResolvers = {
  name: ({ model }) => model.name,
  version: ({ model }) => model.version,
  source: ({ source }) => source,
  executionProvider: ({ model }) => model.provider.name,
  window: ({ model }) => model.window,
  heldOutMae: ({ model }) => model.metadata.metrics.test.mae,
  baselineMae: ({ model }) => model.metadata.metrics.test.baselineMae,
};
