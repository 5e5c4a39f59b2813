import type { Resolvers } from '../__generated__/resolvers-types.js';

export const resolvers: Resolvers = {
  Query: {
    systemHealth: (_parent, _args, { checkSystemHealth }) => checkSystemHealth(),
  },
  HealthCheck: {
    details: (check) => Object.entries(check.details ?? {}).map(([key, value]) => ({ key, value: value === null ? null : String(value) })),
    error: (check) => check.error ?? null,
  },
};
