import DataLoader from 'dataloader';
import type { AdaptationRun, AdaptationStep } from './domain/adaptation-run.js';
import type { ModelVersionView } from './domain/model-version.js';
import type { AdaptationRunStore } from './store/adaptation-run-store.js';
import type { VersionStore } from './store/version-store.js';

export interface Loaders {
  /** Each model's versions, newest first: N models, two queries. */
  versions: DataLoader<string, ModelVersionView[]>;
  /** Adaptation runs by id (null: none): one query for N. */
  adaptationRuns: DataLoader<string, AdaptationRun | null>;
  /** Each run's steps, in the order they started: one query for N runs. */
  adaptationSteps: DataLoader<string, AdaptationStep[]>;
}

/** Fresh loaders per request, so nothing cached outlives it. */
export function createLoaders(versions: Pick<VersionStore, 'versionsOf'>, runs: Pick<AdaptationRunStore, 'findRuns' | 'stepsOf'>): Loaders {
  return {
    versions: new DataLoader(async (ids) => {
      const found = await versions.versionsOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    adaptationRuns: new DataLoader(async (ids) => {
      const found = await runs.findRuns(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    adaptationSteps: new DataLoader(async (ids) => {
      const found = await runs.stepsOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}
