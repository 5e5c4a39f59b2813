/**
 * The epoch loop of a model update: every epoch the examples in a seeded order, one optimizer
 * step per batch, the loss averaged over examples. No epoch selection: an update has no
 * validation set of its own (the held-out feedback judges the result afterwards, as the
 * champion/challenger comparison), so it ends with the last epoch's weights.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Random } from '@telepulse/dataset';

export interface UpdateEpochsOptions<T> {
  epochs: number;
  batchSize: number;
  seed: number;
  /** The batch's input and target tensors; disposed after its step. */
  tensors(batch: readonly T[]): { x: tfc.Tensor; y: tfc.Tensor };
  /** After every batch: epoch (1-based), batch done (1-based), batches per epoch. */
  onBatch?(epoch: number, batch: number, batches: number): void;
}

/** Trains the compiled `model` on `examples`; returns each epoch's mean training loss. */
export async function trainUpdateEpochs<T>(model: LayersModel, examples: readonly T[], options: UpdateEpochsOptions<T>): Promise<number[]> {
  const order = new Random(options.seed).fork('update-order');
  const batches = Math.ceil(examples.length / options.batchSize);
  const losses: number[] = [];
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const shuffled = order.shuffle([...examples]);
    let total = 0;
    for (let b = 0; b < batches; b++) {
      const batch = shuffled.slice(b * options.batchSize, (b + 1) * options.batchSize);
      const { x, y } = options.tensors(batch);
      try {
        total += Number(await model.trainOnBatch(x, y)) * batch.length;
      } finally {
        x.dispose();
        y.dispose();
      }
      options.onBatch?.(epoch, b + 1, batches);
    }
    losses.push(Math.round((total / Math.max(examples.length, 1)) * 1e6) / 1e6);
  }
  return losses;
}
