import { predictBatch, predictEngagement } from '../domain/predict.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { predictDeps } from './deps.js';

export const Mutation: MutationResolvers = {
  async predictEngagement(_parent, { channelId, features }, context) {
    const [record] = await predictEngagement(predictDeps(context), [{ channelId, candidate: features, path: 'features' }]);
    return record!;
  },
  batchPredictEngagement: (_parent, { requests }, context) =>
    predictBatch(
      predictDeps(context),
      requests.map((r, i) => ({ channelId: r.channelId, candidate: r.features, path: `requests[${i}].features` })),
      context.maxBatch,
    ),
};
