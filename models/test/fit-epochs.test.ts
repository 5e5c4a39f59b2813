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
