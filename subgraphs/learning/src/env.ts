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
      /** How long a model's adaptation lease lasts without a step recorded; past it, its holder is taken for dead and the next run takes it over. */
      ADAPTATION_LEASE_MS: millis(15 * 60_000).refine((ms) => ms >= 1000, 'must be at least 1000 (ms)'),
    }),
    source,
  );

export type LearningEnv = ReturnType<typeof loadEnv>;
