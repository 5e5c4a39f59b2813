import { assertMaxItems } from '@telepulse/platform';
import { loadOrNotFound } from '@telepulse/platform/loaders';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  channel: (_parent, { id }, { loaders }) => loadOrNotFound(loaders.channel, 'Channel', id),
  channels: (_parent, { ids }, { loaders, limits }) => {
    assertMaxItems('ids', ids, limits.channelIds, 'ids');
    return Promise.all(ids.map((id) => loaders.channel.load(id)));
  },
  listChannels: (_parent, { limit }, { store }) => store.listChannels(Math.min(Math.max(limit, 1), 500)),
};
