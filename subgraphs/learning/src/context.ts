import type { RequestScope } from '@telepulse/platform/request-scope';
import type { LearningJobs } from './jobs/learning-jobs.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { AdaptationRunStore } from './store/adaptation-run-store.js';
import type { ChallengerEvaluationStore } from './store/challenger-evaluation-store.js';
import type { LearningRateStore } from './store/learning-rate-store.js';
import type { VersionStore } from './store/version-store.js';

/** What the resolvers use, as interfaces a test can hand in. */
export interface LearningServices {
  versions: Pick<VersionStore, 'versionsOf' | 'activate'>;
  adaptationRuns: Pick<AdaptationRunStore, 'begin' | 'recordStep' | 'finish' | 'findRuns' | 'runsOfModel' | 'stepsOf'>;
  learning: Pick<LearningJobs, 'start' | 'find' | 'latest' | 'validate'>;
  rates: Pick<LearningRateStore, 'statesOf' | 'observe'>;
  evaluations: Pick<ChallengerEvaluationStore, 'ofModels'>;
}

export interface Context extends LearningServices {
  scope: RequestScope;
  loaders: Loaders;
}

export function createContext(services: LearningServices, scope: RequestScope): Context {
  return { ...services, scope, loaders: createLoaders(services) };
}
