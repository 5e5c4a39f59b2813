import { assertLive } from '@telepulse/platform/request-deadline';
import { assertPerformance } from '../domain/learning-rate.js';
import { assertTrainable } from '../domain/trainable-models.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  activateModelVersion: (_parent, { modelId, version }, { versions, scope }) => {
    assertLive(scope.signal);
    return versions.activate(modelId, version);
  },
  performIncrementalUpdate: (_parent, { modelId, strategy }, { learning, scope }) => {
    assertLive(scope.signal);
    return learning.start(modelId, strategy ?? 'INCREMENTAL');
  },
  adaptLearningRate: (_parent, { modelId, performance, drift }, { rates, scope }) => {
    assertTrainable(modelId);
    assertPerformance(performance);
    assertLive(scope.signal);
    return rates.observe(modelId, performance, drift ?? null);
  },
};
