import { z } from 'zod';
import { millis, readEnv } from '@telepulse/platform/env';

/**
 * The learning subgraph's own settings, read once when its runtime is built (MongoDB, HOST,
 * LEARNING_PORT and SUBGRAPH_SECRET are read by the shared subgraph runner).
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      /** When the registry could not be seeded at start (MongoDB away), how long until the next try. */
      LEARNING_SEED_RETRY_MS: millis(10_000),
    }),
    source,
  );

export type LearningEnv = ReturnType<typeof loadEnv>;
