import type { Resolvers } from '../__generated__/resolvers-types.js';
import { DriftAlert } from './DriftAlert.js';
import { Model } from './Model.js';
import { Mutation } from './Mutation.js';
import { Query } from './Query.js';
import { Subscription } from './Subscription.js';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  Subscription,
  Model,
  DriftAlert,
  DataDriftDetection: { model: ({ modelId }) => ({ id: modelId }) },
  DriftDetection: { model: ({ modelId }) => ({ id: modelId }) },
};
