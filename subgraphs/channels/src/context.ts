import type { ChannelStore } from './store/channel-store.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  store: ChannelStore;
  loaders: Loaders;
  now: () => Date;
}

export function createContext(store: ChannelStore): Context {
  return { store, loaders: createLoaders(store), now: () => new Date() };
}
