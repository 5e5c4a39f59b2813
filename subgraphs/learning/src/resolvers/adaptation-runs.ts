import { InvalidInputError, NotFoundError } from '@telepulse/platform';
import { assertLive } from '@telepulse/platform/request-deadline';
import { catalogModelById } from '@telepulse/models/catalog/model-catalog';
import type { ModelResolvers, MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.js';
import { assertCatalogModel } from '../domain/activation-input.js';
import { validateOutcome, validateStep } from '../domain/adaptation-run.js';

/** The adaptation runs' root fields (merged into Query, Mutation and Model in resolvers/index.ts). */
export const adaptationQueries: Pick<QueryResolvers, 'adaptationRun'> = {
  async adaptationRun(_parent, { id }, { loaders }) {
    const run = await loaders.adaptationRuns.load(id);
    if (!run) throw new NotFoundError('adaptation run', id);
    return run;
  },
};

export const adaptationMutations: Pick<MutationResolvers, 'beginAdaptationRun' | 'recordAdaptationStep' | 'finishAdaptationRun'> = {
  beginAdaptationRun(_parent, { modelId, trigger }, { adaptationRuns, scope }) {
    assertCatalogModel(modelId);
    if (!catalogModelById(modelId)?.outcome) throw new InvalidInputError([{ field: 'modelId', value: modelId, message: 'takes no feedback, so it has nothing to adapt to' }]);
    assertLive(scope.signal);
    return adaptationRuns.begin(modelId, trigger, scope.identity?.subject ?? null);
  },
  recordAdaptationStep(_parent, { runId, step }, { adaptationRuns, scope }) {
    const valid = validateStep({ ...step, state: step.state, result: step.result ?? undefined });
    assertLive(scope.signal);
    return adaptationRuns.recordStep(runId, valid);
  },
  finishAdaptationRun(_parent, { runId, outcome, reason }, { adaptationRuns, scope }) {
    const valid = validateOutcome(outcome, reason);
    assertLive(scope.signal);
    return adaptationRuns.finish(runId, valid.outcome, valid.reason);
  },
};

export const adaptationModelFields: Pick<ModelResolvers, 'adaptationRuns'> = {
  adaptationRuns({ id }, { limit }, { adaptationRuns }) {
    const n = limit ?? 10;
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidInputError([{ field: 'limit', value: n, message: 'must be 1..100' }]);
    return adaptationRuns.runsOfModel(id, n);
  },
};
