import { loadOrNotFound } from '@telepulse/platform/loaders';
import { recentServed, servedByIds } from '@telepulse/models/catalog/served-prediction';
import { servingReference } from '@telepulse/models/catalog/serving-reference';
import { ENGAGEMENT_ARTIFACT_DIR } from '@telepulse/models/engagement/artifact';
import { checkEngagementFeatures } from '../domain/feature-checks.js';
import { servedEngagementPrediction } from '../domain/served-prediction.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  engagementPrediction: (_parent, { id }, { loaders }) => loadOrNotFound(loaders.prediction, 'EngagementPrediction', id),
  predictionConfidence: async (_parent, { predictionId }, { loaders }) =>
    (await loadOrNotFound(loaders.prediction, 'EngagementPrediction', predictionId)).confidence,
  validateEngagementFeatures: (_parent, { features }, { predictor }) =>
    checkEngagementFeatures(features, 'features', predictor.metadata.featureStats),
  engagementModel: (_parent, _args, { predictor }) => predictor,
  servedEngagementPredictions: (_parent, { ids }, { store }) => servedByIds(store, ids, servedEngagementPrediction),
  recentEngagementPredictions: (_parent, { since, limit }, { store }) => recentServed(store, since, limit, servedEngagementPrediction),
  engagementServingReference: (_parent, _args, { predictor }) => servingReference(predictor.metadata, ENGAGEMENT_ARTIFACT_DIR),
};
