/**
 * Which models take feedback, from the catalog (models/catalog.json): feedback iterates it and
 * names no model itself.
 */
import { InvalidInputError, NotFoundError } from '@telepulse/platform';
import { catalogModelById, modelsWithFeedback } from '@telepulse/models/catalog/model-catalog';

/** True when `modelId` is a catalog model that takes feedback; false for one that takes none; NOT_FOUND (kind Model) for an id not in the catalog. */
export function takesFeedback(modelId: string): boolean {
  if (!catalogModelById(modelId)) throw new NotFoundError('Model', modelId);
  return modelsWithFeedback().some((m) => m.id === modelId);
}

/** Like takesFeedback, but BAD_USER_INPUT naming `modelId` for a model that takes none (nothing to process). */
export function assertTakesFeedback(modelId: string): void {
  if (!takesFeedback(modelId)) throw new InvalidInputError([{ field: 'modelId', value: modelId, message: 'is a model whose predictions are not stored: it takes no feedback' }]);
}
