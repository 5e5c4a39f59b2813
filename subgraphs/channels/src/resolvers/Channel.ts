import { inChannel } from '../domain/channel.js';
import type { ChannelResolvers } from '../__generated__/resolvers-types.js';

const DAY_MS = 86_400_000;
/** The longest window recentSubscriberCounts reads: a year of days. */
const MAX_RECENT_COUNT_DAYS = 366;

export const Channel: ChannelResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.channel.load(id),
  id: (channel) => channel._id,
  recentPosts: (channel) => inChannel(channel._id, channel.recentPosts),
  posts: async (channel, { limit, before }, { store }) => inChannel(channel._id, await store.findPosts(channel, Math.min(Math.max(limit, 1), 1000), before ?? null)),
  subscriberCounts: (channel, { from, to }, { loaders }) => loaders.subscriberCounts.load({ channel, from: from ?? null, to: to ?? null }),
  recentSubscriberCounts: async (channel, { days }, { store, loaders }) => {
    const latest = await store.latestSubscriberCount(channel);
    if (!latest) return [];
    const window = Math.min(Math.max(days, 1), MAX_RECENT_COUNT_DAYS);
    return loaders.subscriberCounts.load({ channel, from: new Date(latest.date.getTime() - (window - 1) * DAY_MS), to: latest.date });
  },
  latestSubscriberCount: (channel, _args, { store }) => store.latestSubscriberCount(channel),
  // The revision of the document this channel was read from (its recentPosts with it), or, for a
  // version-only selection, its stamp in `channel_versions`, which never leads the document (ChannelStore.stampVersion).
  historyVersion: (channel) => channel.revision,
};
