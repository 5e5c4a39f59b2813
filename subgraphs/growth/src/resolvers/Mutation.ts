import { forecastGrowth } from '../domain/forecast-growth.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { forecastDeps } from './deps.js';

export const Mutation: MutationResolvers = {
  forecastGrowth: (_parent, { channelId, days }, context) => forecastGrowth(forecastDeps(context), { channelId, days }),
};
