import type { Random } from '@telepulse/dataset';

/**
 * Seeded pseudo-random numbers for training and tests (the generator itself is the dataset's
 * `Random`). Nothing in the models package calls
 * `Math.random`: a run is only reproducible if every draw comes from a seed we chose.
 */

/** Throws a RangeError naming `what` unless `seed` is a safe integer. */
export function assertSeed(seed: number, what = 'seed'): void {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`${what} must be a safe integer, got ${String(seed)}`);
  }
}

/**
 * Derives the `index`-th sub-seed of `seed` as a positive 31-bit integer. Positive because tfjs
 * treats a seed of 0 as "no seed" (`seed ? seed : Math.random()` in its random ops). Pure.
 */
export function deriveSeed(seed: number, index: number): number {
  assertSeed(seed);
  let h = Math.imul((seed ^ (seed / 4294967296)) >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h & 0x7fffffff) || 1;
}

/** Fills a new Float32Array of `length` with uniform values in [min, max) drawn from `random`. */
export function uniformArray(random: Random, length: number, min = 0, max = 1): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = random.uniform(min, max);
  return out;
}
