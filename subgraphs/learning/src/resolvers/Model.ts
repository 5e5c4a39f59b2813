import type { ModelResolvers } from '../__generated__/resolvers-types.js';

export const Model: ModelResolvers = {
  __resolveReference: ({ id }) => ({ id }),
  versions: ({ id }, _args, { loaders }) => loaders.versions.load(id),
};
