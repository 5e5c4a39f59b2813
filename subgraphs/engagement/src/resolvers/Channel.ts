import { predictEngagement } from '../domain/predict.js';
import { checkHistory } from '../domain/history-checks.js';
import { predictDeps } from './deps.js';
import type { ChannelResolvers } from '../__generated__/resolvers-types.js';

export const Channel: ChannelResolvers = {
  // The gateway sends the key plus the @requires fields; they are all this subgraph needs.
  __resolveReference: (representation) => representation,
  async engagementPrediction(channel, { features }, context, info) {
    // The representation is untyped JSON (`_Any`): its posts are checked like any input, named by their place in `representations`.
    const at = typeof info.path.prev?.key === 'number' ? `representations[${info.path.prev.key}].recentPosts` : 'recentPosts';
    const history = checkHistory(channel.recentPosts ?? [], at);
    const [record] = await predictEngagement(predictDeps(context), [{ channelId: channel.id, candidate: features ?? null, path: 'features', history }]);
    return record!;
  },
};
