import DataLoader from 'dataloader';
import type { EventBus } from '@telepulse/platform/event-bus';
import type { RequestScope } from '@telepulse/platform/request-scope';
import type { DataDriftCheck, DriftWindow } from './detection/data-drift-check.js';
import type { PerformanceDetection } from './detection/performance-drift.js';
import type { DriftAlert } from './domain/drift-alert.js';
import type { AlertStore } from './store/alert-store.js';

/** What the resolvers use, as interfaces a test can hand in. */
export interface DriftServices {
  alerts: Pick<AlertStore, 'find' | 'byIds'>;
  /** Live alerts, as stored. */
  feed: Pick<EventBus<DriftAlert>, 'subscribe'>;
  detectPerformance: (modelId: string, scope: RequestScope) => Promise<PerformanceDetection>;
  detectData: (modelId: string, window: DriftWindow | null | undefined, scope: RequestScope) => Promise<DataDriftCheck>;
}

export interface Context extends DriftServices {
  scope: RequestScope;
  /** Alerts by id, one query per request (entity references). */
  alertById: DataLoader<string, DriftAlert | null>;
}

export function createContext(services: DriftServices, scope: RequestScope): Context {
  return {
    ...services,
    scope,
    alertById: new DataLoader(async (ids) => {
      const found = await services.alerts.byIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
  };
}
