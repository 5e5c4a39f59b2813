import { NotFoundError } from '@telepulse/platform';
import { checkEngagementFeatures } from '../domain/feature-checks.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  async engagementPrediction(_parent, { id }, { loaders }) {
    const record = await loaders.prediction.load(id);
    if (!record) throw new NotFoundError('EngagementPrediction', id);
    return record;
  },
  async predictionConfidence(_parent, { predictionId }, { loaders }) {
    const record = await loaders.prediction.load(predictionId);
    if (!record) throw new NotFoundError('EngagementPrediction', predictionId);
    return record.confidence;
  },
  validateEngagementFeatures: (_parent, { features }, { predictor }) =>
    checkEngagementFeatures(features, 'features', predictor.metadata.featureStats),
  engagementModel: (_parent, _args, { predictor }) => predictor,
};
