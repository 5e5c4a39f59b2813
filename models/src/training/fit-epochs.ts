/**
 * The epoch loop every trainer runs: shuffle the training examples with the run's own stream,
 * fit one epoch reporting every batch, validate, and keep the weights of the epoch with the
 * lowest validation score, which the model holds when the loop ends.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Random } from '@telepulse/dataset';
import type { TrainingProgress } from './progress.js';

export interface EpochValidation<H> {
  /** Lower is better: the epoch with the lowest score is kept. */
  score: number;
  /** What the progress bar and the training curve show. */
  validationMae: number;
  /** The epoch's row in the metadata's training history. */
  record: H;
  /** The epoch's log line after the training loss, e.g. `validation MAE 0.01`. */
  line: string;
}

export interface FitEpochsOptions<T, H> {
  train: readonly T[];
  epochs: number;
  batchSize: number;
  /** Shuffles the examples before every epoch. */
  order: Random;
  /** The examples' input and target tensors, in their order; disposed after the epoch. */
  tensors?(examples: readonly T[]): { x: tfc.Tensor; y: tfc.Tensor };
  /**
   * Instead of `tensors`: the epoch's batches, in the order to train on them, each making its own
   * input and target tensors when called (disposed after its step). For inputs whose shape differs
   * from batch to batch, e.g. texts padded to the longest of their batch; `batchSize` is then
   * only what the caller cut them to.
   */
  batches?(examples: readonly T[]): readonly (() => { x: tfc.Tensor; y: tfc.Tensor })[];
  /** Judges the model after `epoch` with its rounded training loss. */
  validate(epoch: number, trainLoss: number): EpochValidation<H>;
  /**
   * From this epoch on, the weights after each epoch are averaged, and the model ends with the
   * average (stochastic weight averaging) instead of the best epoch's weights. Absent: the best epoch.
   */
  averageFrom?: number;
  /** Called after each epoch's validation (e.g. to lower the learning rate). */
  afterEpoch?(epoch: number): void;
  onProgress?: (progress: TrainingProgress) => void;
  log: (line: string) => void;
}

/** Trains `model` (compiled) for the epochs; returns every epoch's record and the epoch kept. */
export async function fitEpochs<T, H>(tf: typeof tfc, model: LayersModel, options: FitEpochsOptions<T, H>): Promise<{ history: H[]; bestEpoch: number }> {
  const { epochs, onProgress } = options;
  const history: H[] = [];
  let best = { score: Number.POSITIVE_INFINITY, epoch: 0, weights: [] as tfc.Tensor[] };
  const average = { sum: [] as tfc.Tensor[], count: 0 };
  if (!options.tensors === !options.batches) throw new TypeError('fitEpochs needs exactly one of tensors and batches');
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = options.order.shuffle([...options.train]);
    const started = performance.now();
    const fitted = options.batches ? await fitBatches(model, options.batches(order), epoch, epochs, onProgress) : await fitWhole(tf, model, options.tensors!(order), epoch, options);
    const trainLoss = round(fitted.loss);
    const validation = options.validate(epoch, trainLoss);
    history.push(validation.record);
    onProgress?.({ epoch, epochs, batch: fitted.batches, batches: fitted.batches, loss: trainLoss, validationMae: validation.validationMae });
    options.log(`epoch ${epoch}/${epochs}: train loss ${trainLoss}, ${validation.line} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    options.afterEpoch?.(epoch);
    if (validation.score < best.score) {
      best.weights.forEach((w) => w.dispose());
      best = { score: validation.score, epoch, weights: model.getWeights().map((w) => w.clone()) };
    }
    if (options.averageFrom !== undefined && epoch >= options.averageFrom) {
      const weights = model.getWeights();
      const previous = average.sum;
      average.sum = average.count === 0 ? weights.map((w) => w.clone()) : weights.map((w, i) => tf.add(previous[i]!, w));
      average.count += 1;
      if (previous !== average.sum) previous.forEach((w) => w.dispose());
    }
  }
  if (average.count > 0) {
    model.setWeights(average.sum.map((w) => tf.div(w, average.count)));
    return { history, bestEpoch: epochs };
  }
  model.setWeights(best.weights);
  return { history, bestEpoch: best.epoch };
}

/** One epoch through model.fit on the whole epoch's tensors: its mean training loss and its batch count. */
async function fitWhole<T, H>(
  tf: typeof tfc,
  model: LayersModel,
  { x, y }: { x: tfc.Tensor; y: tfc.Tensor },
  epoch: number,
  options: FitEpochsOptions<T, H>,
): Promise<{ loss: number; batches: number }> {
  const { epochs, batchSize, onProgress } = options;
  const batches = Math.ceil(x.shape[0]! / batchSize);
  const fit = await model.fit(x, y, {
    batchSize,
    epochs: 1,
    shuffle: false,
    verbose: 0,
    callbacks: { onBatchEnd: async (batch, logs) => onProgress?.({ epoch, epochs, batch: batch + 1, batches, loss: Number(logs?.loss ?? Number.NaN) }) },
  });
  tf.dispose([x, y]);
  return { loss: Number(fit.history.loss?.[0] ?? Number.NaN), batches };
}

/** One epoch as one trainOnBatch per batch: the training loss averaged over examples, and the batch count. */
async function fitBatches(
  model: LayersModel,
  batches: readonly (() => { x: tfc.Tensor; y: tfc.Tensor })[],
  epoch: number,
  epochs: number,
  onProgress: ((progress: TrainingProgress) => void) | undefined,
): Promise<{ loss: number; batches: number }> {
  let total = 0;
  let examples = 0;
  for (const [i, make] of batches.entries()) {
    const { x, y } = make();
    const size = x.shape[0]!;
    const loss = Number(await model.trainOnBatch(x, y));
    x.dispose();
    y.dispose();
    total += loss * size;
    examples += size;
    onProgress?.({ epoch, epochs, batch: i + 1, batches: batches.length, loss: total / examples });
  }
  return { loss: examples > 0 ? total / examples : Number.NaN, batches: batches.length };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
