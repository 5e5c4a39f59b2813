import { channelGrowthPatterns } from '../domain/channel-patterns.js';
import { forecastGrowth } from '../domain/forecast-growth.js';
import type { ChannelResolvers } from '../__generated__/resolvers-types.js';
import { forecastDeps, patternHistory } from './deps.js';

export const Channel: ChannelResolvers = {
  // The key is all this subgraph needs: the counts are read through the gateway.
  __resolveReference: (representation) => representation,
  growthForecast: (channel, { days }, context) => forecastGrowth(forecastDeps(context), { channelId: channel.id, days }),
  growthPatterns: (channel, _args, context) => channelGrowthPatterns(patternHistory(context), channel.id),
};
