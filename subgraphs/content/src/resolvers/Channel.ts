import { channelContentAnalysis, postsWithText } from '../domain/channel-posts.js';
import type { ChannelResolvers } from '../__generated__/resolvers-types.js';
import { patternDeps } from './deps.js';
import { representationPath } from './representation-path.js';

export const Channel: ChannelResolvers = {
  // The gateway sends the key plus the @requires fields; they are all this subgraph needs.
  __resolveReference: (representation) => representation,
  contentAnalysis: (channel, _args, context, info) =>
    channelContentAnalysis(patternDeps(context), channel.id, postsWithText(channel.recentPosts ?? [], representationPath(info, 'recentPosts'))),
};
