import { InvalidInputError } from '@telepulse/platform/errors';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { catalogModel } from '../detection/catalog-models.js';
import { analyzeSeverity } from '../domain/severity-input.js';

export const ALERTS_MAX = 500;

/** `limit` checked: 1..500, BAD_USER_INPUT naming it. */
export function alertLimit(limit: number | null | undefined, fallback: number): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > ALERTS_MAX) throw new InvalidInputError([{ field: 'limit', value, message: `must be from 1 to ${ALERTS_MAX}` }]);
  return value;
}

export const Query: QueryResolvers = {
  driftAlerts: (_, { modelId, minSeverity, limit }, { alerts }) => {
    if (modelId) catalogModel(modelId);
    return alerts.find({ modelId, minSeverity: minSeverity ?? 'LOW', limit: alertLimit(limit, 50) });
  },
  analyzeDriftSeverity: (_, { input }) => analyzeSeverity(input),
};
