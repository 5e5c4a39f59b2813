import type { RequestScope } from '@telepulse/platform/request-scope';
import type { Monitor } from './domain/monitor.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { PollerStateStore } from './store/poller-state-store.js';
import type { ThresholdStore } from './store/threshold-store.js';

/** Everything a resolver may use, as interfaces a test can hand in. */
export interface Context {
  monitor: Monitor;
  loaders: Loaders;
  /** The request's: aborts at its deadline or when the gateway hangs up; every write checks it. */
  signal: AbortSignal;
}

export interface MonitoringServices {
  monitor: Monitor;
  state: PollerStateStore;
  thresholds: ThresholdStore;
}

export function createContext({ monitor, state, thresholds }: MonitoringServices, scope: RequestScope): Context {
  return { monitor, loaders: createLoaders(state, thresholds), signal: scope.signal };
}
