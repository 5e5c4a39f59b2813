import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Channel } from './Channel.js';
import { EngagementModel } from './EngagementModel.js';
import { EngagementPrediction } from './EngagementPrediction.js';
import { FieldIssue } from './FieldIssue.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Channel,
  EngagementPrediction,
  EngagementModel,
  FieldIssue,
  ValidationResult: { valid: (check) => check.errors.length === 0 },
  ServingStats: { model: (stats) => ({ id: stats.model }) },
};
