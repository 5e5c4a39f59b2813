import type { GrowthModelResolvers } from '../__generated__/resolvers-types.js';

export const GrowthModel: GrowthModelResolvers = {
  name: (pipeline) => pipeline.name,
  version: (pipeline) => pipeline.version,
  source: (pipeline) => pipeline.model.source,
  executionProvider: (pipeline) => pipeline.model.provider.name,
  window: (pipeline) => pipeline.window,
  horizon: (pipeline) => pipeline.horizon,
  heldOut: (pipeline) => pipeline.metadata.metrics.test.horizons,
};
