/**
 * Which catalog models learning can update: those the model kit can fine-tune from their ONNX
 * bytes (models/src/learning). Any other id is refused naming `modelId` and why.
 */
import { InvalidInputError } from '@telepulse/platform';
import { catalogModelById } from '@telepulse/models/catalog/model-catalog';

/** The models with a fineTune in models/src/learning, and the outcome their labels are. */
export const TRAINABLE_MODELS = ['engagement', 'growth'] as const;
export type TrainableModel = (typeof TRAINABLE_MODELS)[number];

export function isTrainable(modelId: string): modelId is TrainableModel {
  return (TRAINABLE_MODELS as readonly string[]).includes(modelId);
}

/** `modelId` as a trainable model, or BAD_USER_INPUT naming `modelId`: not in the catalog, or not one learning can fine-tune. */
export function assertTrainable(modelId: string, field = 'modelId'): TrainableModel {
  if (!catalogModelById(modelId)) throw new InvalidInputError([{ field, value: modelId, message: 'is not a model of the catalog (models/catalog.json)' }]);
  if (!isTrainable(modelId)) {
    throw new InvalidInputError([{ field, value: modelId, message: `cannot be updated by learning: only ${TRAINABLE_MODELS.join(', ')} can be fine-tuned from their ONNX bytes` }]);
  }
  return modelId;
}
