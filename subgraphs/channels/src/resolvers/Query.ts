import { assertMaxItems } from '@telepulse/platform';
import { loadOrNotFound } from '@telepulse/platform/loaders';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { asksOnlyVersions, versionOnly } from './version-only.js';

export const Query: QueryResolvers = {
  channel: (_parent, { id }, { loaders }) => loadOrNotFound(loaders.channel, 'Channel', id),
  channels: (_parent, { ids }, { loaders, limits }, info) => {
    assertMaxItems('ids', ids, limits.channelIds, 'ids');
    // A version check (a reader comparing what it cached) reads the small version documents, not the channels.
    if (asksOnlyVersions(info)) return Promise.all(ids.map(async (id) => versionOnly(id, await loaders.channelVersion.load(id))));
    return Promise.all(ids.map((id) => loaders.channel.load(id)));
  },
  listChannels: (_parent, { limit }, { store }) => store.listChannels(Math.min(Math.max(limit, 1), 500)),
};
