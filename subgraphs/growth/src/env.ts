import { z } from 'zod';
import { readEnv, count, supergraphReadEnv } from '@telepulse/platform/env';
import { modelFollowingEnv, modelServingEnv } from '@telepulse/models/runtime/serve-env';
import { SERIES_MAX_POINTS } from './domain/series-checks.js';

/**
 * The growth subgraph's own settings, read once when its runtime is built (MongoDB, HOST and
 * GROWTH_PORT are read by the shared subgraph runner).
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      /** Subscriber counts are read through the supergraph, as any client would. */
      ...supergraphReadEnv,
      ...modelServingEnv,
      /** The model follower: LEARNING_URL, MODEL_SYNC_MS. */
      ...modelFollowingEnv,
      /** The most values one validateTimeSeries may check. */
      MAX_SERIES_POINTS: count(SERIES_MAX_POINTS),
    }),
    source,
  );

export type GrowthEnv = ReturnType<typeof loadEnv>;
