import { inChannel } from '../domain/channel.js';
import type { ChannelResolvers } from '../__generated__/resolvers-types.js';

export const Channel: ChannelResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.channel.load(id),
  id: (channel) => channel._id,
  recentPosts: (channel) => inChannel(channel._id, channel.recentPosts),
  posts: async (channel, { limit, before }, { store }) => inChannel(channel._id, await store.findPosts(channel, Math.min(Math.max(limit, 1), 1000), before ?? null)),
  subscriberCounts: (channel, { from, to }, { loaders }) => loaders.subscriberCounts.load({ channel, from: from ?? null, to: to ?? null }),
  latestSubscriberCount: (channel, _args, { store }) => store.latestSubscriberCount(channel),
  // The document's revision: every write of it (an ingest's commit among them) bumps it atomically.
  historyVersion: (channel) => channel.revision,
};
