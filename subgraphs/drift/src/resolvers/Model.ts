import type { ModelResolvers } from '../__generated__/resolvers-types.js';
import { alertLimit } from './Query.js';

export const Model: ModelResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  driftHistory: ({ id }, { limit }, { alerts }) => alerts.find({ modelId: id, minSeverity: 'LOW', limit: alertLimit(limit, 20) }),
};
