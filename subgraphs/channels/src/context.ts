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
  /** The request's: aborts at its deadline or when the gateway hangs up; every write checks it. */
  signal: AbortSignal;
}

export function createContext(store: ChannelStore, limits: ChannelLimits, signal: AbortSignal): Context {
  return { store, loaders: createLoaders(store), now: () => new Date(), limits, signal };
}
