import type { GraphQLResolveInfo } from 'graphql';
import { predictEngagement } from '../domain/predict.js';
import { backtestEngagement } from '../domain/backtest.js';
import { predictPostingTimes } from '../domain/posting-times.js';
import { checkHistory, checkPostIds } from '../domain/history-checks.js';
import { predictDeps } from './deps.js';
import type { ChannelResolvers } from '../__generated__/resolvers-types.js';

/** Where a representation's posts sit in the request, for error messages: `representations[i].recentPosts`. */
const postsPath = (info: GraphQLResolveInfo) => (typeof info.path.prev?.key === 'number' ? `representations[${info.path.prev.key}].recentPosts` : 'recentPosts');

export const Channel: ChannelResolvers = {
  // The gateway sends the key plus the @requires fields; they are all this subgraph needs.
  __resolveReference: (representation) => representation,
  async engagementPrediction(channel, { features }, context, info) {
    // The representation is untyped JSON (`_Any`): its posts are checked like any input, named by their place in `representations`.
    const history = checkHistory(channel.recentPosts ?? [], postsPath(info));
    const [record] = await predictEngagement(predictDeps(context), [{ channelId: channel.id, candidate: features ?? null, path: 'features', history }]);
    return record!;
  },
  engagementBacktest(channel, { posts }, { predictor }, info) {
    const at = postsPath(info);
    const history = checkHistory(channel.recentPosts ?? [], at);
    const ids = checkPostIds(channel.recentPosts ?? [], at);
    return backtestEngagement(
      predictor,
      channel.id,
      history.map((post, i) => ({ ...post, id: ids[i]! })),
      posts,
    );
  },
  postingTimes(channel, { contentLength, hasMedia }, { predictor, now }, info) {
    const history = checkHistory(channel.recentPosts ?? [], postsPath(info));
    return predictPostingTimes(predictor, channel.id, history, { contentLength, hasMedia }, now());
  },
};

