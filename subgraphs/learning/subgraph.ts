import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';

/** Learning: owns model versions and which one serves (the registry the predicting subgraphs follow), and improves models from feedback. */
export default defineSubgraph({
  name: 'learning',
  dir: import.meta.dirname,
  port: 4008,
  database: 'learning',
  mappers: {
    Model: '../domain/model-version.js#ModelRef',
    ModelVersion: '../domain/model-version.js#ModelVersionView',
    Lineage: '../domain/lineage.js#Lineage',
  },
  load: () => import('./src/server.js'),
});
