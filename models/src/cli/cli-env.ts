/**
 * What `pnpm train` and `pnpm eval` read from the environment, read once: the MongoDB settings
 * of the model registry, which is optional for them (without MONGODB_URI they work on files).
 */
import { z } from 'zod';
import { mongoEnv, readEnv } from '@telepulse/platform/env';

const schema = z.object({ ...mongoEnv, MONGODB_URI: mongoEnv.MONGODB_URI.optional() });

export type ModelCliEnv = z.infer<typeof schema>;

/** The settings; throws one error naming every bad variable. */
export function readModelCliEnv(source: NodeJS.ProcessEnv = process.env): ModelCliEnv {
  return readEnv(schema, source);
}
