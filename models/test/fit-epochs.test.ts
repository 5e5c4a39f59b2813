import { beforeAll, describe, expect, it } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { Random } from '@telepulse/dataset';
import { fitEpochs } from '../src/training/fit-epochs.js';
import { uniformArray } from '../src/training/random.js';
import { initTf } from '../src/training/tf.js';

let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf('wasm');
});

const examples = Array.from({ length: 64 }, (_, i) => i);

/** A one-layer model fitted for 4 epochs; every epoch's weights as validate saw them, and the loop's result. */
async function run(options: { averageFrom?: number; scores: number[] }) {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) })] });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
  const data = uniformArray(new Random(2), 64 * 5);
  const seen: number[][] = [];
  const lines: string[] = [];
  const result = await fitEpochs(tf, model, {
    train: examples,
    epochs: 4,
    batchSize: 16,
    order: new Random(3),
    tensors: (order) => ({ x: tf.tensor2d(order.flatMap((i) => [...data.subarray(i * 5, i * 5 + 3)]), [order.length, 3]), y: tf.tensor2d(order.flatMap((i) => [...data.subarray(i * 5 + 3, i * 5 + 5)]), [order.length, 2]) }),
    validate: (epoch, trainLoss) => {
      seen.push([...model.getWeights()[0]!.dataSync()]);
      return { score: options.scores[epoch - 1]!, validationMae: 0, record: { epoch, trainLoss }, line: `score ${options.scores[epoch - 1]}` };
    },
    ...(options.averageFrom ? { averageFrom: options.averageFrom } : {}),
    log: (line) => lines.push(line),
  });
  const final = [...model.getWeights()[0]!.dataSync()];
  model.dispose();
  return { result, seen, final, lines };
}

describe('fitEpochs', () => {
  it('keeps the weights of the epoch with the lowest validation score', async () => {
    const { result, seen, final, lines } = await run({ scores: [3, 1, 2, 4] });
    expect(result.bestEpoch).toBe(2);
    expect(result.history.map((h) => (h as { epoch: number }).epoch)).toEqual([1, 2, 3, 4]);
    expect(final).toEqual(seen[1]);
    expect(lines[1]).toMatch(/^epoch 2\/4: train loss [\d.]+, score 1 in [\d.]+ s$/);
  });

  it('ends with the average of the epochs from averageFrom on, when asked', async () => {
    const { result, seen, final } = await run({ averageFrom: 2, scores: [3, 1, 2, 4] });
    expect(result.bestEpoch).toBe(4);
    final.forEach((w, i) => expect(w).toBeCloseTo((seen[1]![i]! + seen[2]![i]! + seen[3]![i]!) / 3, 6));
    expect(final).not.toEqual(seen[1]);
  });
});

describe('fitEpochs with batches of their own shapes', () => {
  it('trains each batch as given (steps differ from batch to batch), averages the loss over examples and keeps the best epoch', async () => {
    const input = tfl.input({ shape: [null, 3] });
    const pooled = tfl.layers.globalAveragePooling1d({}).apply(input) as tfl.SymbolicTensor;
    const output = tfl.layers.dense({ units: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(pooled) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const random = new Random(4);
    const shapes: number[][] = [];
    const progress: { batch: number; batches: number }[] = [];
    const result = await fitEpochs(tf, model, {
      train: examples,
      epochs: 3,
      batchSize: 16,
      order: new Random(5),
      // Three batches per epoch: 16 rows of 2 steps, 16 of 7, 32 of 4.
      batches: (order) =>
        [
          [0, 16, 2],
          [16, 32, 7],
          [32, 64, 4],
        ].map(([from, to, steps]) => () => {
          const rows = order.slice(from, to).length;
          shapes.push([rows, steps!]);
          return { x: tf.tensor3d(uniformArray(random, rows * steps! * 3), [rows, steps!, 3]), y: tf.tensor2d(uniformArray(random, rows), [rows, 1]) };
        }),
      validate: (epoch, trainLoss) => ({ score: [2, 3, 1][epoch - 1]!, validationMae: 0, record: { epoch, trainLoss }, line: '' }),
      onProgress: (p) => progress.push({ batch: p.batch, batches: p.batches }),
      log: () => {},
    });
    model.dispose();
    expect(shapes).toEqual(Array.from({ length: 3 }, () => [[16, 2], [16, 7], [32, 4]]).flat());
    expect(result.bestEpoch).toBe(3);
    expect(result.history.every((h) => Number.isFinite((h as { trainLoss: number }).trainLoss))).toBe(true);
    expect(progress.slice(0, 4)).toEqual([
      { batch: 1, batches: 3 },
      { batch: 2, batches: 3 },
      { batch: 3, batches: 3 },
      { batch: 3, batches: 3 },
    ]);
  });

  it('refuses both tensors and batches, or neither', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [1], units: 1 })] });
    const base = { train: examples, epochs: 1, batchSize: 8, order: new Random(1), validate: () => ({ score: 0, validationMae: 0, record: {}, line: '' }), log: () => {} };
    await expect(fitEpochs(tf, model, base)).rejects.toThrow('fitEpochs needs exactly one of tensors and batches');
    const make = () => ({ x: tf.zeros([1, 1]), y: tf.zeros([1, 1]) });
    await expect(fitEpochs(tf, model, { ...base, tensors: make, batches: () => [make] })).rejects.toThrow(TypeError);
    model.dispose();
  });
});
