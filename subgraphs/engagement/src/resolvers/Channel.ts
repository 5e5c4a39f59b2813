import { predictEngagement } from '../domain/predict.js';
import { toHistoryPost } from '../clients/channel-history.js';
import { predictDeps } from './deps.js';
import type { ChannelResolvers } from '../__generated__/resolvers-types.js';

export const Channel: ChannelResolvers = {
  // The gateway sends the key plus the @requires fields; they are all this subgraph needs.
  __resolveReference: (representation) => representation,
  async engagementPrediction(channel, { features }, context) {
    const [record] = await predictEngagement(predictDeps(context), [
      { channelId: channel.id, candidate: features ?? null, path: 'features', history: (channel.recentPosts ?? []).map(toHistoryPost) },
    ]);
    return record!;
  },
};
