import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '@telepulse/dataset';
import { initTf } from '../src/training/tf.js';
import { uniformArray } from '../src/training/random.js';
import { conv1dSame, gatherRows, maxOverSteps } from '../src/training/wasm-gradients.js';

let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf('wasm');
});

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-4) => {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst).toBeLessThanOrEqual(tolerance);
};

describe('gatherRows', () => {
  it('gives tf.gather rows, and scatters the gradient back into the rows it read (a row read twice gets both)', () => {
    const table = tf.tensor2d(uniformArray(new Random(1), 5 * 3), [5, 3]);
    const ids = tf.tensor2d([[4, 0, 4], [2, 2, 1]], [2, 3]);
    const weights = tf.tensor3d(uniformArray(new Random(2), 2 * 3 * 3), [2, 3, 3]);
    close(gatherRows(table, ids).dataSync(), tf.gather(table, tf.cast(ids, 'int32')).dataSync(), 0);
    const grad = tf.grad((t) => tf.sum(tf.mul(gatherRows(t as typeof table, ids), weights)))(table).arraySync() as number[][];
    const w = weights.arraySync() as number[][][];
    const expected = Array.from({ length: 5 }, () => [0, 0, 0]);
    [[4, 0, 4], [2, 2, 1]].forEach((row, b) => row.forEach((id, t) => w[b]![t]!.forEach((v, c) => (expected[id]![c]! += v))));
    close(grad.flat(), expected.flat(), 1e-6);
  });

  it('rejects an id outside the table with a RangeError naming it', () => {
    const table = tf.zeros([4, 2]) as ReturnType<typeof tf.tensor2d>;
    expect(() => gatherRows(table, tf.tensor1d([1, 4]))).toThrow(/id 4 at 1 is outside the table's 4 rows/);
  });
});

describe('conv1dSame', () => {
  /** The same convolution as k shifted copies side by side times the flattened kernel: every op of it has a wasm gradient. */
  const reference = (x: ReturnType<typeof tf.tensor3d>, kernel: ReturnType<typeof tf.tensor3d>) => {
    const [k, inputs, outputs] = kernel.shape;
    const [batch, steps] = x.shape;
    const pad = (k - 1) / 2;
    const padded = tf.pad(x, [[0, 0], [pad, pad], [0, 0]]);
    const windows = tf.concat(Array.from({ length: k }, (_, j) => tf.slice(padded, [0, j, 0], [batch, steps, inputs])), 2);
    return tf.reshape(tf.matMul(tf.reshape(windows, [batch * steps, k * inputs]), tf.reshape(kernel, [k * inputs, outputs])), [batch, steps, outputs]);
  };

  it.each([1, 3, 5])('matches tf.conv1d and the reference gradients, width %i', (k) => {
    const random = new Random(10 + k);
    const x = tf.tensor3d(uniformArray(random, 3 * 11 * 4, -1, 1), [3, 11, 4]);
    const kernel = tf.tensor3d(uniformArray(random, k * 4 * 6, -1, 1), [k, 4, 6]);
    const dy = tf.tensor3d(uniformArray(random, 3 * 11 * 6, -1, 1), [3, 11, 6]);
    close(conv1dSame(x, kernel).dataSync(), tf.conv1d(x, kernel, 1, 'same').dataSync());
    const [dx, dw] = tf.grads((a, w) => tf.sum(tf.mul(conv1dSame(a as typeof x, w as typeof kernel), dy)))([x, kernel]);
    const [refDx, refDw] = tf.grads((a, w) => tf.sum(tf.mul(reference(a as typeof x, w as typeof kernel), dy)))([x, kernel]);
    expect(dw!.shape).toEqual([k, 4, 6]);
    close(dx!.dataSync(), refDx!.dataSync());
    close(dw!.dataSync(), refDw!.dataSync());
  });

  it('refuses an even width', () => {
    expect(() => conv1dSame(tf.zeros([1, 4, 2]) as ReturnType<typeof tf.tensor3d>, tf.zeros([2, 2, 2]) as ReturnType<typeof tf.tensor3d>)).toThrow(/odd kernel width, got 2/);
  });
});

describe('maxOverSteps', () => {
  it('gives tf.max over axis 1 and sends each gradient to the position of its maximum', () => {
    const x = tf.tensor3d([[[1, 9], [5, 2], [3, 4]]], [1, 3, 2]);
    close(maxOverSteps(x).dataSync(), [5, 9], 0);
    const grad = tf.grad((a) => tf.sum(tf.mul(maxOverSteps(a as typeof x), tf.tensor2d([[2, 3]]))))(x);
    expect(grad.arraySync()).toEqual([[[0, 3], [2, 0], [0, 0]]]);
  });
});
