import type { ModelResolvers } from '../__generated__/resolvers-types.js';

export const Model: ModelResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  versions: ({ id }, _args, { loaders }) => loaders.versions.load(id),
  async candidates({ id }, _args, { loaders }) {
    const [versions, evaluations] = await Promise.all([loaders.versions.load(id), loaders.evaluations.load(id)]);
    return versions.filter((v) => !v.active && evaluations.has(v.version));
  },
  learningProgress: ({ id }, _args, { loaders }) => loaders.latestJob.load(id),
  learningRate: ({ id }, _args, { loaders }) => loaders.rates.load(id),
};
