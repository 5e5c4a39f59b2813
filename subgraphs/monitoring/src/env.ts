import { z } from 'zod';
import { count, millis, readEnv, supergraphReadEnv } from '@telepulse/platform/env';

/**
 * The monitoring subgraph's own settings, read once when its runtime is built (MongoDB, HOST and
 * MONITORING_PORT are read by the shared subgraph runner).
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      /** The serving counters and feedback batches are read through the supergraph, as any client would. */
      ...supergraphReadEnv,
      /** How often the pollers read the serving counters and the processed feedback batches; 0 turns them off. */
      MONITORING_POLL_MS: millis(15_000),
      /** How long performance points are kept. */
      MONITORING_RETENTION_DAYS: count(30),
      /** How often expired points are deleted where the server ignores TTL indexes (FerretDB 1.24). */
      MONITORING_CLEANUP_MS: count(3_600_000),
    }),
    source,
  );

export type MonitoringEnv = ReturnType<typeof loadEnv>;
