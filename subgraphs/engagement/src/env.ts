import { z } from 'zod';
import { readEnv, count, supergraphReadEnv } from '@telepulse/platform/env';
import { modelFollowingEnv, modelServingEnv } from '@telepulse/models/runtime/serve-env';
import { PREDICTION_BATCH_MAX } from './domain/predict.js';

/**
 * The engagement subgraph's own settings, read once when its runtime is built (MongoDB, HOST and
 * ENGAGEMENT_PORT are read by the shared subgraph runner).
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      /** Channel histories are read through the supergraph, as any client would. */
      ...supergraphReadEnv,
      ...modelServingEnv,
      /** The model follower: LEARNING_URL, MODEL_SYNC_MS. */
      ...modelFollowingEnv,
      /** The most predictions one batchPredictEngagement may ask for. */
      MAX_PREDICTION_BATCH: count(PREDICTION_BATCH_MAX),
    }),
    source,
  );

export type EngagementEnv = ReturnType<typeof loadEnv>;
