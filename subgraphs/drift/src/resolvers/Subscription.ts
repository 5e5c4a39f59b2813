import type { SubscriptionResolvers } from '../__generated__/resolvers-types.js';
import { catalogModel } from '../detection/catalog-models.js';
import type { DriftAlert } from '../domain/drift-alert.js';
import { atLeast } from '../domain/severity.js';

export const Subscription: SubscriptionResolvers = {
  driftAlerts: {
    subscribe: (_, { modelId, minSeverity }, { feed }) => {
      if (modelId) catalogModel(modelId);
      const min = minSeverity ?? 'LOW';
      return feed.subscribe((alert) => (!modelId || alert.modelId === modelId) && atLeast(alert.severity, min));
    },
    resolve: (alert: DriftAlert) => alert,
  },
};
