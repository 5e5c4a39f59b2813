import { catalogModelById } from '@telepulse/models/catalog/model-catalog';
import { errorMetricOf } from '../domain/metrics.js';
import type { ErrorMetric, ModelResolvers } from '../__generated__/resolvers-types.js';

export const Model: ModelResolvers = {
  // A reference to an id the catalog does not hold resolves to null.
  __resolveReference: ({ id }) => catalogModelById(id) ?? null,
  errorMetric: (model) => (errorMetricOf(model.outcome)?.toUpperCase() as ErrorMetric | undefined) ?? null,
  activeVersion: (model, _args, { loaders }) => loaders.activeVersion.load(model.id),
  performanceTrend: (model, { hours, bucket }, { monitor }) => monitor.trend(model, hours, bucket ?? 'HOUR'),
  performanceAlerts: (model, { includeResolved }, { monitor }) => monitor.alerts(model, includeResolved ?? false),
  alertThresholds: (model, _args, { loaders }) => loaders.thresholds.load(model),
  monitoringDashboard: (model, _args, { monitor }) => monitor.dashboard(model),
};
