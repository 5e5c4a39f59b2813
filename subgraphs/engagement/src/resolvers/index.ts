import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Channel } from './Channel.js';
import { EngagementBacktest } from './EngagementBacktest.js';
import { EngagementModel } from './EngagementModel.js';
import { EngagementPrediction } from './EngagementPrediction.js';
import { FieldIssue } from './FieldIssue.js';
import { Mutation } from './Mutation.js';
import { PostingTimes } from './PostingTimes.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = {
  Query,
  ServedPrediction: { model: (prediction) => ({ id: prediction.modelId }) },
  ReferenceStatistics: { model: (reference) => ({ id: reference.modelId }) },
  Mutation,
  Channel,
  EngagementPrediction,
  EngagementBacktest,
  PostingTimes,
  EngagementModel,
  FieldIssue,
  ValidationResult: { valid: (check) => check.errors.length === 0 },
  ServingStats: { model: (stats) => ({ id: stats.model }) },
};
