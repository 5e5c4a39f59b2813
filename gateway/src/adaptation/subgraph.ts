import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';
import { GATEWAY_DEFAULT_PORT } from '../env.js';

/**
 * `startAdaptivePipeline` and `coordinateAdaptation`: the adaptive pipeline, run by the gateway
 * in its own process as a sequence of the supergraph's own operations (`steps/*.graphql`, typed
 * by codegen against schema/supergraph.graphql). Runs are stored by learning.
 */
export default defineSubgraph({
  name: 'adaptation',
  dir: import.meta.dirname,
  src: '.',
  hostedBy: 'gateway',
  port: GATEWAY_DEFAULT_PORT,
  operations: 'steps',
  mappers: {
    AdaptationRun: '../pipeline/adaptation-coordinator.js#BegunRun',
  },
});
