/**
 * The checks of activateModelVersion's arguments that need no database: the model must be in
 * the catalog. Plain TypeScript.
 */
import { InvalidInputError } from '@telepulse/platform';
import { catalogModelById, modelCatalog } from '@telepulse/models/catalog/model-catalog';

/** Throws BAD_USER_INPUT naming `modelId` when it is not a catalog model. */
export function assertCatalogModel(modelId: string): void {
  if (catalogModelById(modelId)) return;
  throw new InvalidInputError([{ field: 'modelId', value: modelId, message: `not a catalog model (one of ${modelCatalog().map((m) => m.id).join(', ')})` }]);
}

/** BAD_USER_INPUT naming `version`: the model has no such registered version. */
export function unregisteredVersion(modelId: string, version: string): InvalidInputError {
  return new InvalidInputError([{ field: 'version', value: version, message: `not a registered version of ${modelId}` }]);
}
