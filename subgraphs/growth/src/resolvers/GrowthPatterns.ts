import type { GrowthPatternsResolvers } from '../__generated__/resolvers-types.js';

export const GrowthPatterns: GrowthPatternsResolvers = {
  channel: (patterns) => ({ id: patterns.channelId }),
};
