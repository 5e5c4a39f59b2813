import { z } from 'zod';
import { readEnv, count } from '@telepulse/platform/env';
import { INGEST_LIMITS } from './domain/ingest-validation.js';

/**
 * The channels subgraph's own settings, read once when its runtime is built (MongoDB, HOST and
 * CHANNELS_PORT are read by the shared subgraph runner): the most items one call may carry.
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      MAX_INGEST_POSTS: count(INGEST_LIMITS.posts),
      MAX_INGEST_POINTS: count(INGEST_LIMITS.points),
      MAX_CHANNEL_IDS: count(INGEST_LIMITS.channelIds),
    }),
    source,
  );

/** The list limits the resolvers hand to the domain, from the settings. */
export const channelLimits = (env: ReturnType<typeof loadEnv>) => ({ posts: env.MAX_INGEST_POSTS, points: env.MAX_INGEST_POINTS, channelIds: env.MAX_CHANNEL_IDS });

export type ChannelLimits = ReturnType<typeof channelLimits>;
