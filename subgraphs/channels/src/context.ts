import type { ChannelStore } from './store/channel-store.js';
import type { ChannelLimits } from './env.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  store: ChannelStore;
  loaders: Loaders;
  now: () => Date;
  /** The most items one call may carry (MAX_INGEST_POSTS …). */
  limits: ChannelLimits;
}

export function createContext(store: ChannelStore, limits: ChannelLimits): Context {
  return { store, loaders: createLoaders(store), now: () => new Date(), limits };
}
