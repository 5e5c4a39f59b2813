import { engagementRate } from '../domain/channel.js';
import type { PostResolvers } from '../__generated__/resolvers-types.js';

export const Post: PostResolvers = {
  engagementRate: (post) => engagementRate(post),
};
