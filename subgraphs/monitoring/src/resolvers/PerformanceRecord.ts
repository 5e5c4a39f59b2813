import { catalogModelById } from '@telepulse/models/catalog/model-catalog';
import { errorMetricOf } from '../domain/metrics.js';
import type { PerformanceRecordResolvers } from '../__generated__/resolvers-types.js';

export const PerformanceRecord: PerformanceRecordResolvers = {
  // Points are recorded only for catalog models.
  model: (point) => catalogModelById(point.modelId)!,
  error(point) {
    const metric = errorMetricOf(catalogModelById(point.modelId)?.outcome ?? null);
    return metric === null ? null : (point.metrics[metric] ?? null);
  },
};
