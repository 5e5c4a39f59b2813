import DataLoader from 'dataloader';
import type { ModelVersionView } from './domain/model-version.js';
import type { VersionStore } from './store/version-store.js';

export interface Loaders {
  /** Each model's versions, newest first: N models, two queries. */
  versions: DataLoader<string, ModelVersionView[]>;
}

/** Fresh loaders per request, so nothing cached outlives it. */
export function createLoaders(versions: Pick<VersionStore, 'versionsOf'>): Loaders {
  return {
    versions: new DataLoader(async (ids) => {
      const found = await versions.versionsOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}
