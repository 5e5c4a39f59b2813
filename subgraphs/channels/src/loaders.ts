import type DataLoader from 'dataloader';
import { byIdsLoader } from '@telepulse/platform/loaders';
import type { ChannelStore } from './store/channel-store.js';
import type { ChannelDoc } from './store/documents.js';

export interface Loaders {
  /** Channels by id: N ids in one `$in` query per tick; null for ids that do not exist. */
  channel: DataLoader<string, ChannelDoc | null>;
}

/** Fresh loaders per request, so nothing cached outlives it. */
export function createLoaders(store: ChannelStore): Loaders {
  return { channel: byIdsLoader((ids) => store.findChannels(ids)) };
}
