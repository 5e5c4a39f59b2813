import { z } from 'zod';
import { count, millis, readEnv, supergraphReadEnv } from '@telepulse/platform/env';
import { FEEDBACK_BATCH_MAX } from './domain/submit-feedback.js';

/**
 * The feedback subgraph's own settings, read once when its runtime is built (MongoDB, HOST and
 * FEEDBACK_PORT are read by the shared subgraph runner).
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      /** Served predictions and ingested posts are read through the supergraph, as any client would. */
      ...supergraphReadEnv,
      /** The most items one submitFeedbackBatch may hold. */
      MAX_FEEDBACK_BATCH: count(FEEDBACK_BATCH_MAX),
      /** How often the ingest poller looks for ingested posts whose engagement was predicted; 0 turns it off. */
      FEEDBACK_POLL_MS: millis(60_000),
      /** How old a post must be before its engagement counts as its outcome (its views and reactions settle over the first day). */
      FEEDBACK_INGEST_MIN_AGE_MS: millis(24 * 3600_000),
      /** How far back the poller looks at served engagement predictions. */
      FEEDBACK_INGEST_LOOKBACK_MS: millis(14 * 24 * 3600_000),
    }),
    source,
  );

export type FeedbackEnv = ReturnType<typeof loadEnv>;
