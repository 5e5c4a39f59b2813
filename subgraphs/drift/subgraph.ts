import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';

/** Drift: ADWIN and Page-Hinkley on each model's error stream, PSI and KS on its inputs, alerts stored and pushed live. */
export default defineSubgraph({
  name: 'drift',
  dir: import.meta.dirname,
  port: 4007,
  database: 'drift',
  mappers: {
    Model: '../domain/drift-alert.js#ModelRef',
    DriftAlert: '../domain/drift-alert.js#DriftAlert',
    FeatureDrift: '../domain/data-drift.js#FeatureDrift',
    DriftDetection: '../detection/performance-drift.js#PerformanceDetection',
    DataDriftDetection: '../detection/data-drift-check.js#DataDriftCheck',
  },
  load: () => import('./src/server.js'),
});
