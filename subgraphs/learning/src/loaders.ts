import DataLoader from 'dataloader';
import type { AdaptationRun, AdaptationStep } from './domain/adaptation-run.js';
import type { ChallengerEvaluation } from './domain/challenger-evaluation.js';
import type { LearningJob } from './domain/learning-job.js';
import type { LearningRateState } from './domain/learning-rate.js';
import type { ModelVersionView } from './domain/model-version.js';
import type { LearningServices } from './context.js';

export interface Loaders {
  /** Each model's versions, newest first: N models, two queries. */
  versions: DataLoader<string, ModelVersionView[]>;
  /** Learning jobs by id, null for an unknown id. */
  jobs: DataLoader<string, LearningJob | null>;
  /** Each model's latest learning job, null before any. */
  latestJob: DataLoader<string, LearningJob | null>;
  /** Each model's challenger evaluations by version: one query for N models. */
  evaluations: DataLoader<string, ReadonlyMap<string, ChallengerEvaluation>>;
  /** Each model's learning-rate state: one query for N models. */
  rates: DataLoader<string, LearningRateState>;
  /** Adaptation runs by id (null: none): one query for N. */
  adaptationRuns: DataLoader<string, AdaptationRun | null>;
  /** Each run's steps, in the order they started: one query for N runs. */
  adaptationSteps: DataLoader<string, AdaptationStep[]>;
}

/** Fresh loaders per request, so nothing cached outlives it. */
export function createLoaders({ versions, learning, evaluations, rates, adaptationRuns }: Pick<LearningServices, 'versions' | 'learning' | 'evaluations' | 'rates' | 'adaptationRuns'>): Loaders {
  return {
    versions: new DataLoader(async (ids) => {
      const found = await versions.versionsOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    jobs: new DataLoader(async (ids) => {
      const found = await learning.find(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    latestJob: new DataLoader(async (ids) => {
      const found = await learning.latest(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    evaluations: new DataLoader(async (ids) => {
      const found = await evaluations.ofModels(ids);
      return ids.map((id) => found.get(id) ?? new Map());
    }),
    rates: new DataLoader(async (ids) => {
      const found = await rates.statesOf(ids);
      return ids.map((id) => found.get(id)!);
    }),
    adaptationRuns: new DataLoader(async (ids) => {
      const found = await adaptationRuns.findRuns(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    adaptationSteps: new DataLoader(async (ids) => {
      const found = await adaptationRuns.stepsOf(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}
