import { z } from 'zod';
import { readEnv, count } from '@telepulse/platform/env';
import { modelFollowingEnv, modelServingEnv } from '@telepulse/models/runtime/serve-env';
import { PATTERN_CHARS_MAX, PATTERN_TEXTS_MAX } from './domain/pattern-input.js';

/**
 * The content subgraph's own settings, read once when its runtime is built (MongoDB, HOST and
 * CONTENT_PORT are read by the shared subgraph runner). It reads nothing through the gateway:
 * the posts' texts reach it in the entity representations (@requires).
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      ...modelServingEnv,
      /** The model follower: LEARNING_URL, MODEL_SYNC_MS. */
      ...modelFollowingEnv,
      /**
       * The most texts one analyzeContentPatterns takes. At most 2,048: the clustering keeps
       * every pairwise distance (n² numbers) for the silhouette.
       */
      MAX_PATTERN_TEXTS: z.coerce.number().int().min(1).max(2_048).default(PATTERN_TEXTS_MAX),
      /** The most characters all the texts of one analyzeContentPatterns may hold. */
      MAX_PATTERN_CHARS: count(PATTERN_CHARS_MAX),
    }),
    source,
  );

export type ContentEnv = ReturnType<typeof loadEnv>;
