import { catalogModelById, modelCatalog } from '@telepulse/models/catalog/model-catalog';
import { NotFoundError } from '@telepulse/platform/errors';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  models: () => [...modelCatalog()],
  model(_parent, { id }) {
    const model = catalogModelById(id);
    if (!model) throw new NotFoundError('model', id);
    return model;
  },
};
