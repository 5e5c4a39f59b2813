import { ingestPosts, ingestSubscriberCounts } from '../domain/ingest.js';
import { assertChannelId } from '../domain/ingest-validation.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  upsertChannel(_parent, { id, title }, { store, now, signal }) {
    assertChannelId(id, 'id');
    return store.upsertChannel(id, title, now(), signal);
  },
  ingestPosts: (_parent, { channelId, posts, skipInvalid }, { store, now, signal }) =>
    ingestPosts(store, channelId, posts, { skipInvalid, now: now(), signal }),
  ingestSubscriberCounts: (_parent, { channelId, points, skipInvalid }, { store, now, signal }) =>
    ingestSubscriberCounts(store, channelId, points, { skipInvalid, now: now(), signal }),
};
