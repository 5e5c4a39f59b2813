import { loadOrNotFound } from '@telepulse/platform/loaders';
import { recentServed, servedByIds } from '@telepulse/models/catalog/served-prediction';
import { servingReference } from '@telepulse/models/catalog/serving-reference';
import { GROWTH_ARTIFACT_DIR } from '@telepulse/models/growth/artifact';
import { channelGrowthPatterns } from '../domain/channel-patterns.js';
import { servedGrowthForecast } from '../domain/served-forecast.js';
import { validateTimeSeries } from '../domain/series-checks.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { patternHistory } from './deps.js';

export const Query: QueryResolvers = {
  growthModel: (_parent, _args, { model }) => model,
  growthForecast: (_parent, { id }, { loaders }) => loadOrNotFound(loaders.forecast, 'GrowthForecast', id),
  forecastIntervals: async (_parent, { forecastId }, { loaders }) => (await loadOrNotFound(loaders.forecast, 'GrowthForecast', forecastId)).points,
  analyzeGrowthPatterns: (_parent, { channelId }, context) => channelGrowthPatterns(patternHistory(context), channelId),
  validateTimeSeries: (_parent, { values, dates }, { maxSeriesPoints }) => validateTimeSeries(values, dates, maxSeriesPoints),
  servedGrowthForecasts: (_parent, { ids }, { store }) => servedByIds(store, ids, servedGrowthForecast),
  recentGrowthForecasts: (_parent, { since, limit }, { store }) => recentServed(store, since, limit, servedGrowthForecast),
  growthServingReference: (_parent, _args, { model }) => servingReference(model.metadata, GROWTH_ARTIFACT_DIR),
};
