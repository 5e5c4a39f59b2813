import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Channel } from './Channel.js';
import { GrowthForecast } from './GrowthForecast.js';
import { GrowthModel } from './GrowthModel.js';
import { GrowthPatterns } from './GrowthPatterns.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { TimeSeriesIssue } from './TimeSeriesIssue.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Channel,
  GrowthForecast,
  GrowthModel,
  GrowthPatterns,
  TimeSeriesIssue,
  TimeSeriesValidation: { valid: (check) => check.errors.length === 0 },
  ServingStats: { model: (stats) => ({ id: stats.model }) },
};
