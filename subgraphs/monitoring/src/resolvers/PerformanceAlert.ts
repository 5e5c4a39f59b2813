import { catalogModelById } from '@telepulse/models/catalog/model-catalog';
import type { PerformanceAlertResolvers } from '../__generated__/resolvers-types.js';

export const PerformanceAlert: PerformanceAlertResolvers = {
  // Alerts are opened only for catalog models.
  model: (alert) => catalogModelById(alert.modelId)!,
};
