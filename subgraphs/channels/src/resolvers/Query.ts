import { NotFoundError } from '@telepulse/platform';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  async channel(_parent, { id }, { loaders }) {
    const channel = await loaders.channel.load(id);
    if (!channel) throw new NotFoundError('Channel', id);
    return channel;
  },
  channels: (_parent, { ids }, { loaders }) => Promise.all(ids.map((id) => loaders.channel.load(id))),
  listChannels: (_parent, { limit }, { store }) => store.listChannels(Math.min(Math.max(limit, 1), 500)),
};
