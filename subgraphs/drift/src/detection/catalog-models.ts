import { InvalidInputError } from '@telepulse/platform/errors';
import { modelCatalog, type CatalogModel } from '@telepulse/models/catalog/model-catalog';

/**
 * The catalog models drift watches, checked where a client names one: an unknown id, or a model
 * without the stream a detection needs, is BAD_USER_INPUT naming the argument.
 */
export type Watched = CatalogModel & { served: string; recent: string };

export function catalogModel(id: string, field = 'modelId', catalog: readonly CatalogModel[] = modelCatalog()): CatalogModel {
  const model = catalog.find((m) => m.id === id);
  if (!model) throw new InvalidInputError([{ field, value: id, message: `no such model; the catalog has ${catalog.map((m) => m.id).join(', ')}` }]);
  return model;
}

/** A model whose predictions are stored and fed back (it has an error stream and recent inputs). */
export function watchedModel(id: string, field = 'modelId', catalog: readonly CatalogModel[] = modelCatalog()): Watched {
  const model = catalogModel(id, field, catalog);
  if (model.outcome === null || model.served === null || model.recent === null) {
    throw new InvalidInputError([{ field, value: id, message: 'this model stores no predictions and takes no feedback, so it has no error stream or served inputs to watch' }]);
  }
  return model as Watched;
}

export const watchedModels = (catalog: readonly CatalogModel[] = modelCatalog()): Watched[] =>
  catalog.filter((m): m is Watched => m.outcome !== null && m.served !== null && m.recent !== null);
