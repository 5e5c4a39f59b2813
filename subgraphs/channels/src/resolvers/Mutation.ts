import { ingestPosts, ingestSubscriberCounts } from '../domain/ingest.js';
import { assertChannelId } from '../domain/ingest-validation.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  upsertChannel(_parent, { id, title }, { store, now }) {
    assertChannelId(id, 'id');
    return store.upsertChannel(id, title, now());
  },
  ingestPosts: (_parent, { channelId, posts, skipInvalid }, { store, now }) =>
    ingestPosts(store, channelId, posts, { skipInvalid, now: now() }),
  ingestSubscriberCounts: (_parent, { channelId, points, skipInvalid }, { store, now }) =>
    ingestSubscriberCounts(store, channelId, points, { skipInvalid, now: now() }),
};
