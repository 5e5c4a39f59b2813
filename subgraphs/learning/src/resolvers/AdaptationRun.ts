import type { AdaptationRunResolvers } from '../__generated__/resolvers-types.js';
import { learningJobIdOf } from '../domain/adaptation-run.js';

export const AdaptationRun: AdaptationRunResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.adaptationRuns.load(id),
  model: ({ modelId }) => ({ id: modelId }),
  steps: ({ id }, _args, { loaders }) => loaders.adaptationSteps.load(id),
  async learningJob({ id }, _args, { loaders }) {
    const jobId = learningJobIdOf(await loaders.adaptationSteps.load(id));
    return jobId === null ? null : loaders.jobs.load(jobId);
  },
};
