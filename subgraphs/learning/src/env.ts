import { z } from 'zod';
import { count, millis, readEnv, supergraphReadEnv } from '@telepulse/platform/env';
import { DEFAULT_INITIAL_LEARNING_RATE } from './domain/learning-rate.js';

/**
 * The learning subgraph's own settings, read once when its runtime is built (MongoDB, HOST,
 * LEARNING_PORT and SUBGRAPH_SECRET are read by the shared subgraph runner).
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      /** Fed-back examples are read through the supergraph, as any client would. */
      ...supergraphReadEnv,
      /** When the registry could not be seeded at start (MongoDB away), how long until the next try. */
      LEARNING_SEED_RETRY_MS: millis(10_000),
      /** Epochs of one fine-tuning (tests: 1-3). */
      LEARNING_EPOCHS: count(5),
      /** Examples of the original training data replayed in an update; 0 replays none (tests: regenerating them takes seconds). */
      LEARNING_REPLAY_SIZE: count(512, 0),
      /** Bootstrap resamples of the champion/challenger comparison. */
      LEARNING_BOOTSTRAP_RESAMPLES: count(2000, 100),
      /** The most recent fed-back items one job reads. */
      LEARNING_MAX_EXAMPLES: count(20_000),
      /** A learning job's lease: renewed every third of it while the job runs; past it, its holder is taken for dead. */
      LEARNING_LEASE_MS: count(5 * 60_000, 300),
      /** The learning rate every model's schedule starts from (and the most a drift raises it to). */
      LEARNING_INITIAL_RATE: z.coerce.number().positive().max(1).default(DEFAULT_INITIAL_LEARNING_RATE),
      /** How long a model's adaptation lease lasts without a step recorded; past it, its holder is taken for dead and the next run takes it over. */
      LEARNING_ADAPTATION_LEASE_MS: millis(15 * 60_000).refine((ms) => ms >= 1000, 'must be at least 1000 (ms)'),
    }),
    source,
  );

export type LearningEnv = ReturnType<typeof loadEnv>;
