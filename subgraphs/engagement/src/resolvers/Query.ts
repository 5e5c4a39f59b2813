import { loadOrNotFound } from '@telepulse/platform/loaders';
import { checkEngagementFeatures } from '../domain/feature-checks.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  engagementPrediction: (_parent, { id }, { loaders }) => loadOrNotFound(loaders.prediction, 'EngagementPrediction', id),
  predictionConfidence: async (_parent, { predictionId }, { loaders }) =>
    (await loadOrNotFound(loaders.prediction, 'EngagementPrediction', predictionId)).confidence,
  validateEngagementFeatures: (_parent, { features }, { predictor }) =>
    checkEngagementFeatures(features, 'features', predictor.metadata.featureStats),
  engagementModel: (_parent, _args, { predictor }) => predictor,
  engagementServing: (_parent, _args, { predictor }) => predictor.servingStats(),
};
