import { z } from 'zod';
import { readEnv, millis, count } from '@telepulse/platform/env';
import { PREDICTION_BATCH_MAX } from './domain/predict.js';

/**
 * The engagement subgraph's own settings, read once when its runtime is built (MongoDB, HOST and
 * ENGAGEMENT_PORT are read by the shared subgraph runner).
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      /** Channel histories are read through the supergraph, as any client would. */
      GATEWAY_URL: z.url().default('http://127.0.0.1:4000/graphql'),
      GATEWAY_TIMEOUT_MS: millis(5000),
      /** auto: CUDA when onnxruntime-node can use it, else CPU. */
      ORT_EXECUTION_PROVIDER: z.enum(['auto', 'cuda', 'cpu']).default('auto'),
      /** Inference worker threads (each with its own ONNX session); default: the cores shared among the models served here. */
      INFERENCE_THREADS: z.coerce.number().int().min(1).optional(),
      BATCH_MAX_SIZE: z.coerce.number().int().min(1).default(64),
      // 0: a batch is what arrived in the same event-loop turn (BENCHMARKS.md: best at 1, 32 and 256 callers).
      BATCH_MAX_DELAY_MS: z.coerce.number().min(0).default(0),
      /** After an inference worker dies or an inference fails: the least time the model reports DOWN before a canary on the full pool may bring it back. */
      MODEL_RECOVERY_DELAY_MS: millis(1000),
      /** The most predictions one batchPredictEngagement may ask for. */
      MAX_PREDICTION_BATCH: count(PREDICTION_BATCH_MAX),
    }),
    source,
  );

export type EngagementEnv = ReturnType<typeof loadEnv>;
