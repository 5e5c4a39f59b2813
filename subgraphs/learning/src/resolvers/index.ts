import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Model } from './Model.js';
import { ModelVersion } from './ModelVersion.js';
import { Mutation } from './Mutation.js';

export const resolvers: Resolvers = {
  Mutation,
  Model,
  ModelVersion,
};
