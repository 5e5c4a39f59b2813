import { predictFromHistory } from '../domain/predict.js';
import { assertEngagementFeatures } from '../domain/feature-checks.js';
import { toHistoryPost } from '../clients/channel-directory.js';
import { predictDeps } from './deps.js';
import type { ChannelResolvers } from '../__generated__/resolvers-types.js';

export const Channel: ChannelResolvers = {
  // The gateway sends the key plus the @requires fields; they are all this subgraph needs.
  __resolveReference: (representation) => representation,
  async engagementPrediction(channel, { features }, context) {
    if (features) assertEngagementFeatures(features, 'features');
    const history = (channel.recentPosts ?? []).map(toHistoryPost);
    const record = await predictFromHistory(predictDeps(context), channel.id, history, features ?? null);
    await context.store.insertMany([record]);
    return record;
  },
};
