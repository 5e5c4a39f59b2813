import { engagementRate } from '../domain/channel.js';
import type { PostResolvers } from '../__generated__/resolvers-types.js';

export const Post: PostResolvers = {
  // Other subgraphs reach a post by its key (the content subgraph's @requires of its text).
  __resolveReference: ({ channelId, id }, { loaders }) => loaders.post.load({ channelId, id }),
  engagementRate: (post) => engagementRate(post),
};
