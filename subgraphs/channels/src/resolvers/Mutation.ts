import { ingestPosts, ingestSubscriberCounts } from '../domain/ingest.js';
import { assertChannelId, assertChannelTitle } from '../domain/ingest-validation.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  upsertChannel(_parent, { id, title }, { store, now, signal }) {
    assertChannelId(id, 'id');
    assertChannelTitle(title);
    return store.upsertChannel(id, title, now(), signal);
  },
  ingestPosts: (_parent, { channelId, posts, skipInvalid }, { store, now, signal, limits }) =>
    ingestPosts(store, channelId, posts, { skipInvalid, now: now(), signal, maxItems: limits.posts }),
  ingestSubscriberCounts: (_parent, { channelId, points, skipInvalid }, { store, now, signal, limits }) =>
    ingestSubscriberCounts(store, channelId, points, { skipInvalid, now: now(), signal, maxItems: limits.points }),
};
