/**
 * The one place the models package picks and starts a tfjs backend, and makes training runs
 * reproducible.
 *
 * Backends in Node (measured here, tfjs 4.22, Node 20, 2 cores):
 * - `wasm`: XNNPACK compiled to WebAssembly with SIMD. Single-threaded in Node: the backend's
 *   `WASM_HAS_MULTITHREAD_SUPPORT` flag is hard-wired to false under Node (tfjs issue #3830), so
 *   it loads `tfjs-backend-wasm-simd.wasm` and `getThreadsCount()` is 1. One thread and a fixed
 *   kernel order make it deterministic run to run on the same machine. ~0.2 s per training step
 *   of the full model at batch 64.
 * - `cpu`: plain JavaScript kernels, ~5x slower per step and ~20x slower building the model (the
 *   orthogonal initializer's QR); also deterministic, but its weights differ from wasm's in the
 *   last bits, so a seed reproduces a run only on the same backend.
 * tfjs-node would be faster still but cannot be installed here.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node bundle registers neither gradients (so `model.fit` fails with "gradient
// function not found") nor chained tensor methods (tfjs-layers' initializers call
// `tensor.flatten()`); the `@tensorflow/tfjs` umbrella normally imports these two modules. They
// ship only as ESM with extensionless relative imports, which tsx and vitest resolve but plain
// `node` does not: run tfjs code through tsx (as `pnpm train` does) or vitest.
// The umbrella package would also pull in the WebGL backend, the converter and tfjs-data, none
// of which we use; these two imports are all of it we need.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import { Random } from '@telepulse/dataset';
import { assertSeed } from './random.js';

export type TfBackendName = 'wasm' | 'cpu';

export const TF_BACKENDS: readonly TfBackendName[] = ['wasm', 'cpu'];

/** The backend could not be registered or initialised. */
export class TfBackendError extends Error {
  override readonly name = 'TfBackendError';
  readonly code = 'TF_BACKEND_UNAVAILABLE';
}

const registering = new Map<TfBackendName, Promise<void>>();

function register(backend: TfBackendName): Promise<void> {
  let pending = registering.get(backend);
  if (!pending) {
    // Importing a backend package registers it with tfjs-core as a side effect; the module
    // cache makes a second import free, the map keeps the intent explicit.
    pending = (backend === 'wasm'
      ? import('@tensorflow/tfjs-backend-wasm')
      : import('@tensorflow/tfjs-backend-cpu')
    ).then(() => undefined);
    registering.set(backend, pending);
  }
  return pending;
}

/**
 * Registers `backend` (once per process), makes it the active tfjs backend and waits until it is
 * ready. Side effect: changes tfjs's global backend for the whole process. Returns tfjs-core.
 */
export async function initTf(backend: TfBackendName = 'wasm'): Promise<typeof tf> {
  if (!TF_BACKENDS.includes(backend)) {
    throw new RangeError(`backend must be one of ${TF_BACKENDS.join(', ')}, got ${String(backend)}`);
  }
  try {
    await register(backend);
  } catch (cause) {
    registering.delete(backend);
    throw new TfBackendError(`could not load the tfjs ${backend} backend package`, { cause });
  }
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new TfBackendError(`tfjs refused to initialise the ${backend} backend`);
  }
  await tf.ready();
  return tf;
}

/**
 * Runs `fn` with `Math.random` replaced by a PRNG seeded with `seed`, then puts the previous
 * `Math.random` back (also when `fn` throws). Side effect: patches the global `Math.random` while
 * `fn` runs.
 *
 * Why: tfjs random ops given no explicit seed — dropout masks, `model.fit`'s shuffle, unseeded
 * initializers — draw their seed from `Math.random`. Passing a fixed seed to a Dropout layer
 * instead would reuse the same mask on every step. Seeding `Math.random` itself keeps masks
 * varying from step to step but identical from run to run.
 *
 * Caveat: the patch is process-global. Anything else that calls `Math.random` while `fn` awaits
 * (another training, a library) draws from — and shifts — the same stream, so run one seeded
 * training at a time per process (each vitest file runs in its own worker).
 */
export async function withSeededMathRandom<T>(seed: number, fn: () => T | Promise<T>): Promise<T> {
  assertSeed(seed);
  const previous = Math.random;
  const random = new Random(seed);
  Math.random = () => random.next();
  try {
    return await fn();
  } finally {
    Math.random = previous;
  }
}
