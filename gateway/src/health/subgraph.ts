import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';
import { GATEWAY_DEFAULT_PORT } from '../env.js';

/**
 * `Query.systemHealth`: run by the gateway in its own process (no URL of its own is ever
 * fetched), so it answers even when every other subgraph is down.
 */
export default defineSubgraph({
  name: 'health',
  dir: import.meta.dirname,
  src: '.',
  hostedBy: 'gateway',
  port: GATEWAY_DEFAULT_PORT,
  mappers: {
    SystemHealth: '../system-health.js#SystemHealthReport',
    ServiceHealth: '../system-health.js#ServiceHealthView',
    HealthCheck: '@telepulse/platform#HealthCheck',
  },
});
