import { defineSubgraph } from '@telepulse/platform/subgraph-manifest';

/** Model monitoring: the Model entity, every model's performance points, trends and alerts, and the pollers that feed them. */
export default defineSubgraph({
  name: 'monitoring',
  dir: import.meta.dirname,
  port: 4006,
  database: 'monitoring',
  mappers: {
    Model: '@telepulse/models/catalog/model-catalog#CatalogModel',
    PerformanceRecord: '../domain/performance-point.js#PerformancePoint',
    PerformanceBucket: '../domain/trend.js#TrendBucketSummary',
    PerformanceAlert: '../domain/alert-rules.js#PerformanceAlertRecord',
    AlertThresholds: '../domain/alert-rules.js#ThresholdsInForce',
    MonitoringDashboard: '../domain/dashboard.js#Dashboard',
  },
  load: () => import('./src/server.js'),
});
