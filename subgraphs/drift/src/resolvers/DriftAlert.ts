import type { DriftAlertResolvers } from '../__generated__/resolvers-types.js';

export const DriftAlert: DriftAlertResolvers = {
  __resolveReference: ({ id }, { alertById }) => alertById.load(id),
  model: ({ modelId }) => ({ id: modelId }),
};
