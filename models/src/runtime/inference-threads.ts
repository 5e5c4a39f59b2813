import { availableParallelism } from 'node:os';

export interface InferenceThreadsOptions {
  /** Threads per model asked for explicitly (INFERENCE_THREADS); wins when set. */
  configured?: number | undefined;
  /** Models this process serves, each with its own worker pool. */
  servedModels: number;
  /** Cores to share; default: what Node says this process may use. */
  cores?: number;
}

/**
 * Inference worker threads for one model: `configured` when set, otherwise the cores shared out
 * among the models this process serves, at least one each. Each worker runs one single-threaded
 * ONNX session, so on 2 cores two models get one worker each instead of two each.
 */
export function inferenceThreads({ configured, servedModels, cores = availableParallelism() }: InferenceThreadsOptions): number {
  if (configured !== undefined) {
    if (!Number.isInteger(configured) || configured < 1) throw new RangeError(`inference threads must be a whole number >= 1, got ${configured}`);
    return configured;
  }
  if (!Number.isInteger(servedModels) || servedModels < 1) throw new RangeError(`served models must be a whole number >= 1, got ${servedModels}`);
  if (!Number.isInteger(cores) || cores < 1) throw new RangeError(`cores must be a whole number >= 1, got ${cores}`);
  return Math.max(1, Math.floor(cores / servedModels));
}
