import { loadOrNotFound } from '@telepulse/platform/loaders';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  learningJob: (_parent, { id }, { loaders }) => loadOrNotFound(loaders.jobs, 'LearningJob', id),
  validateLearningData: (_parent, { modelId }, { learning, scope }) => learning.validate(modelId, scope),
};
