import { formatValue } from '@telepulse/platform';
import type { RejectionResolvers } from '../__generated__/resolvers-types.js';

export const Rejection: RejectionResolvers = {
  value: (rejection) => (rejection.value === undefined || rejection.value === null ? null : formatValue(rejection.value)),
};
