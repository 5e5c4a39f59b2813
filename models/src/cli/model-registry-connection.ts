/**
 * The model registry of a subgraph's database for a command-line run: opened, used, closed.
 * The database is `<MONGODB_DB_PREFIX>_<database>`, as the subgraph that serves the model names it.
 */
import { createMongoClient } from '@telepulse/platform/mongo';
import { ModelRegistry } from '../registry/model-registry.js';
import type { ModelCliEnv } from './cli-env.js';

export interface RegistryTarget {
  uri: string;
  dbPrefix: string;
  timeoutMs: number;
  /** The serving subgraph's database, e.g. `engagement`. */
  database: string;
}

/** The registry of `database` on the MongoDB the environment names (MONGODB_URI must be set). */
export function registryTarget(env: ModelCliEnv, database: string): RegistryTarget {
  return { uri: env.MONGODB_URI!, dbPrefix: env.MONGODB_DB_PREFIX, timeoutMs: env.MONGODB_TIMEOUT_MS, database };
}

/** Runs `use` with the registry and closes the connection after it, also on failure. */
export async function withModelRegistry<T>(target: RegistryTarget, use: (registry: ModelRegistry, db: string) => Promise<T>): Promise<T> {
  const client = createMongoClient({ uri: target.uri, serverSelectionTimeoutMs: target.timeoutMs });
  const dbName = `${target.dbPrefix}_${target.database}`;
  try {
    return await use(new ModelRegistry(client.db(dbName)), dbName);
  } finally {
    await client.close();
  }
}
