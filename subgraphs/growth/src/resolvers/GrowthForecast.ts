import type { GrowthForecastResolvers } from '../__generated__/resolvers-types.js';

export const GrowthForecast: GrowthForecastResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.forecast.load(id),
  channel: (record) => ({ id: record.channelId }),
  model: (record) => ({ id: record.modelName }),
};
