import { loadOrNotFound } from '@telepulse/platform/loaders';
import { channelGrowthPatterns } from '../domain/channel-patterns.js';
import { validateTimeSeries } from '../domain/series-checks.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { patternHistory } from './deps.js';

export const Query: QueryResolvers = {
  growthModel: (_parent, _args, { model }) => model,
  growthServing: (_parent, _args, { model }) => model.servingStats(),
  growthForecast: (_parent, { id }, { loaders }) => loadOrNotFound(loaders.forecast, 'GrowthForecast', id),
  forecastIntervals: async (_parent, { forecastId }, { loaders }) => (await loadOrNotFound(loaders.forecast, 'GrowthForecast', forecastId)).points,
  analyzeGrowthPatterns: (_parent, { channelId }, context) => channelGrowthPatterns(patternHistory(context), channelId),
  validateTimeSeries: (_parent, { values, dates }, { maxSeriesPoints }) => validateTimeSeries(values, dates, maxSeriesPoints),
};
