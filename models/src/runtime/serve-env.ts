import { z } from 'zod';
import { millis } from '@telepulse/platform/env';
import type { ServeOptions } from './batched-onnx-model.js';
import { inferenceThreads } from './inference-threads.js';

/**
 * The settings of every subgraph that serves models, as a shape for its `env.ts` to spread into
 * its own schema: one meaning for each variable, whichever subgraph reads it.
 */
export const modelServingEnv = {
  /** auto: CUDA when onnxruntime-node can use it, else CPU. */
  ORT_EXECUTION_PROVIDER: z.enum(['auto', 'cuda', 'cpu']).default('auto'),
  /** Inference worker threads per model (each with its own ONNX session); default: the cores shared among the models served here. */
  INFERENCE_THREADS: z.coerce.number().int().min(1).optional(),
  BATCH_MAX_SIZE: z.coerce.number().int().min(1).default(64),
  // 0: a batch is what arrived in the same event-loop turn (BENCHMARKS.md: best at 1, 32 and 256 callers).
  BATCH_MAX_DELAY_MS: z.coerce.number().min(0).default(0),
  /** After an inference worker dies or an inference fails: the least time the model reports DOWN before a canary on the full pool may bring it back. */
  MODEL_RECOVERY_DELAY_MS: millis(1000),
};

/** Where a predicting subgraph learns which version of its models to serve (see model-follower.ts). */
export const modelFollowingEnv = {
  /** Learning's origin, whose artifact API says which version of each model is active. */
  LEARNING_URL: z.url().default('http://127.0.0.1:4008'),
  /** How often learning is asked; a version switched in learning is served within this. 0: never (serve the cached version). */
  MODEL_SYNC_MS: millis(2000),
};

export type ModelFollowingSettings = z.infer<z.ZodObject<typeof modelFollowingEnv>>;

export type ModelServingSettings = z.infer<z.ZodObject<typeof modelServingEnv>>;

/** The model kit's serve options from those settings, for a process serving `servedModels` models (its manifest's). */
export function serveOptions(settings: ModelServingSettings, servedModels: number): ServeOptions {
  return {
    executionProvider: settings.ORT_EXECUTION_PROVIDER,
    threads: inferenceThreads({ configured: settings.INFERENCE_THREADS, servedModels }),
    batching: { maxBatchSize: settings.BATCH_MAX_SIZE, maxQueueDelayMs: settings.BATCH_MAX_DELAY_MS },
    health: { recoveryDelayMs: settings.MODEL_RECOVERY_DELAY_MS },
  };
}
