import { UnauthenticatedError } from '@telepulse/platform';
import type { Identity } from '@telepulse/platform/identity';
import type { Resolvers } from '../__generated__/resolvers-types.js';

/** @requiresScopes has checked the caller already; a run on demand acts as that caller throughout. */
const caller = (identity: Identity | null): Identity => {
  if (!identity) throw new UnauthenticatedError('an adaptation run needs credentials');
  return identity;
};

export const resolvers: Resolvers = {
  Mutation: {
    startAdaptivePipeline: (_parent, { modelId }, { adaptation, identity, trace }) => adaptation.start(modelId, 'MANUAL', caller(identity), { trace }),
    coordinateAdaptation: (_parent, { modelId, trigger }, { adaptation, identity, trace }) => adaptation.start(modelId, trigger, caller(identity), { trace }),
  },
};
