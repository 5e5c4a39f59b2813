import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, withSeededMathRandom } from '../src/training/tf.js';
import { Random } from '@telepulse/dataset';
import { deriveSeed, uniformArray } from '../src/training/random.js';
import { buildEngagementNetwork, ENGAGEMENT_FEATURE_COUNT, ENGAGEMENT_OUTPUTS } from '../src/engagement/training/architecture.js';

let tf: Awaited<ReturnType<typeof initTf>>;
beforeAll(async () => {
  tf = await initTf('wasm');
});

/**
 * Builds and trains a tiny engagement model with dropout and shuffling on (both draw from
 * Math.random) and returns every weight's bytes.
 */
async function trainTiny(modelSeed: number, trainingSeed: number): Promise<Uint8Array[]> {
  const model = buildEngagementNetwork({ historyPosts: 4, hidden: 8, dense: 4, layers: 2, dropout: 0.2, seed: modelSeed });
  const rng = new Random(99);
  const x = tf.tensor3d(uniformArray(rng, 64 * 5 * ENGAGEMENT_FEATURE_COUNT), [64, 5, ENGAGEMENT_FEATURE_COUNT]);
  const y = tf.tensor2d(uniformArray(rng, 64 * ENGAGEMENT_OUTPUTS), [64, ENGAGEMENT_OUTPUTS]);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanAbsoluteError' });
  await withSeededMathRandom(trainingSeed, () => model.fit(x, y, { batchSize: 16, epochs: 2, shuffle: true, verbose: 0 }));
  const weights = model.getWeights().map((w) => new Uint8Array((w.dataSync() as Float32Array).slice().buffer));
  tf.dispose([x, y]);
  model.dispose();
  return weights;
}

describe('seeded training', () => {
  it('gives bit-identical weights for the same seeds, with dropout and shuffling on', async () => {
    const first = await trainTiny(5, 123);
    const second = await trainTiny(5, 123);
    expect(second).toEqual(first);
  });

  it('gives different weights for a different training seed (the seed reaches dropout and shuffle)', async () => {
    const first = await trainTiny(5, 123);
    const other = await trainTiny(5, 124);
    expect(other).not.toEqual(first);
  });
});

describe('withSeededMathRandom', () => {
  it('replaces Math.random with the seeded sequence and restores it afterwards, also on failure', async () => {
    const original = Math.random;
    const expected = new Random(7);
    const drawn = await withSeededMathRandom(7, () => [Math.random(), Math.random()]);
    expect(drawn).toEqual([expected.next(), expected.next()]);
    expect(Math.random).toBe(original);

    await expect(withSeededMathRandom(7, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(Math.random).toBe(original);
  });

  it('rejects a seed that is not an integer, naming it', async () => {
    await expect(withSeededMathRandom(0.5, () => 1)).rejects.toThrow('seed must be a safe integer, got 0.5');
  });
});

describe('deriveSeed', () => {
  it('gives distinct positive sub-seeds, because tfjs ignores a seed of 0', () => {
    const seeds = [0, 1, 2, 3, 4, 5].map((i) => deriveSeed(0, i));
    expect(new Set(seeds).size).toBe(seeds.length);
    for (const s of seeds) expect(s).toBeGreaterThan(0);
  });
});
