/**
 * What `pnpm train` and `pnpm eval` read from the environment, read once: the MongoDB settings
 * of the model registry, which is optional for them (without MONGODB_URI they work on files).
 */
import { z } from 'zod';
import { mongoEnv, readEnv } from '@telepulse/platform/env';
import { UsageError } from './cli-options.js';

// An empty MONGODB_URI (`MONGODB_URI= pnpm eval`) means none, as an unset one does.
const schema = z.object({ ...mongoEnv, MONGODB_URI: z.preprocess((v) => (v === '' ? undefined : v), mongoEnv.MONGODB_URI.optional()) });

export type ModelCliEnv = z.infer<typeof schema>;

/** The settings; a UsageError names every bad variable. */
export function readModelCliEnv(source: NodeJS.ProcessEnv = process.env): ModelCliEnv {
  try {
    return readEnv(schema, source);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
