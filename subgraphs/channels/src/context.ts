import type { ChannelStore } from './store/channel-store.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  store: ChannelStore;
  loaders: Loaders;
  now: () => Date;
  /** The request's: aborts at its deadline or when the gateway hangs up; every write checks it. */
  signal: AbortSignal;
}

export function createContext(store: ChannelStore, signal: AbortSignal): Context {
  return { store, loaders: createLoaders(store), now: () => new Date(), signal };
}
