import DataLoader from 'dataloader';
import type { ChannelStore } from './store/channel-store.js';
import type { ChannelDoc } from './store/documents.js';

export interface Loaders {
  /** Channels by id: N ids in one `$in` query per tick; null for ids that do not exist. */
  channel: DataLoader<string, ChannelDoc | null>;
}

/** Fresh loaders per request, so nothing cached outlives it. */
export function createLoaders(store: ChannelStore): Loaders {
  return {
    channel: new DataLoader(async (ids) => {
      const found = await store.findChannels(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}
