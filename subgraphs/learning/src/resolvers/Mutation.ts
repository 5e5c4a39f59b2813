import { assertLive } from '@telepulse/platform/request-deadline';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  activateModelVersion: (_parent, { modelId, version }, { versions, scope }) => {
    assertLive(scope.signal);
    return versions.activate(modelId, version);
  },
};
