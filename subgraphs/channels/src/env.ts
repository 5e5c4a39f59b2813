import { z } from 'zod';
import { readEnv, mongoEnv, port } from '@telepulse/platform/env';

/** The channels subgraph's settings, read once at start. */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(z.object({ ...mongoEnv, CHANNELS_PORT: port(4001), HOST: z.string().default('127.0.0.1') }), source);

export type ChannelsEnv = ReturnType<typeof loadEnv>;
