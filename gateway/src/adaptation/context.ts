import type { RequestScope } from '@telepulse/platform/request-scope';
import type { AdaptationCoordinator } from './pipeline/adaptation-coordinator.js';

/** The adaptation subgraph's context: the gateway's request scope and its pipeline coordinator. */
export interface Context extends RequestScope {
  adaptation: AdaptationCoordinator;
}
