import type { RequestScope } from '@telepulse/platform/request-scope';
import { createLoaders, type Loaders } from './loaders.js';
import type { AdaptationRunStore } from './store/adaptation-run-store.js';
import type { VersionStore } from './store/version-store.js';

/** What the resolvers use, as interfaces a test can hand in. */
export interface LearningServices {
  versions: Pick<VersionStore, 'versionsOf' | 'activate'>;
  adaptationRuns: Pick<AdaptationRunStore, 'begin' | 'recordStep' | 'finish' | 'findRuns' | 'runsOfModel' | 'stepsOf'>;
}

export interface Context extends LearningServices {
  scope: RequestScope;
  loaders: Loaders;
}

export function createContext(services: LearningServices, scope: RequestScope): Context {
  return { ...services, scope, loaders: createLoaders(services.versions, services.adaptationRuns) };
}
