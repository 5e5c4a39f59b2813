import type { SystemHealthReport } from './system-health.js';

/** The health subgraph's context: the gateway hands in how to check the system. */
export interface Context {
  checkSystemHealth: () => Promise<SystemHealthReport>;
}
