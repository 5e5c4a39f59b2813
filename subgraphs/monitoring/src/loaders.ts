import DataLoader from 'dataloader';
import type { CatalogModel } from '@telepulse/models/catalog/model-catalog';
import type { ThresholdsInForce } from './domain/alert-rules.js';
import { Monitor } from './domain/monitor.js';
import type { PollerStateStore } from './store/poller-state-store.js';
import type { ThresholdStore } from './store/threshold-store.js';

export interface Loaders {
  /** The version each model's serving path last reported: N models, one query. */
  activeVersion: DataLoader<string, string | null>;
  /** The thresholds in force: N models, one query for their overrides. */
  thresholds: DataLoader<CatalogModel, ThresholdsInForce, string>;
}

/** Fresh loaders per request, so nothing cached outlives it. */
export function createLoaders(state: PollerStateStore, thresholds: ThresholdStore): Loaders {
  return {
    activeVersion: new DataLoader(async (ids) => {
      const versions = await state.activeVersions(ids);
      return ids.map((id) => versions.get(id) ?? null);
    }),
    thresholds: new DataLoader(
      async (models) => {
        const overrides = await thresholds.findByModels(models.map((m) => m.id));
        return models.map((model) => Monitor.inForce(model, overrides.get(model.id)));
      },
      { cacheKeyFn: (model) => model.id },
    ),
  };
}
