import { Redis } from 'ioredis';
import type { HealthCheck } from '@telepulse/platform';
import { scrapedLabelledMetric } from '@telepulse/platform/scraped-metric';
import type { ServiceMetrics } from '@telepulse/platform/service-metrics';

/** Longest pause between two reconnection attempts: a Redis back is found within this. */
const RECONNECT_MAX_MS = 1000;

/**
 * Where the gateway replicas count their callers' requests together (RATE_LIMIT_REDIS_URL): one
 * Redis connection, opened at once and reconnecting for ever in the background. It has no
 * offline queue, so a count asked while Redis is away fails at once instead of waiting, and the
 * limiter counts in this process meanwhile (rate-limit.ts). Knows nothing of what is counted.
 */
export interface RateLimitStore {
  readonly client: Redis;
  /** `rate-limit-store`: UP while Redis is connected, DEGRADED (each replica counting alone) while it is not. */
  check(): HealthCheck;
  /** Ends the connection and its reconnection attempts; never waits for an unreachable Redis. */
  close(): void;
}

export function openRateLimitStore(url: URL): RateLimitStore {
  const client = new Redis(url.href, {
    // Every attempt, forever: ioredis gives up only when this returns a non-number.
    retryStrategy: (times) => Math.min(times * 100, RECONNECT_MAX_MS),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectionName: 'telepulse-gateway-rate-limit',
  });
  let lastError: string | null = null;
  // Without an 'error' listener ioredis prints every failed reconnection attempt.
  client.on('error', (error: Error) => (lastError = error.message));
  const address = `${url.hostname}:${url.port || 6379}`;
  return {
    client,
    check(): HealthCheck {
      if (client.status === 'ready') return { name: 'rate-limit-store', status: 'UP', details: { redis: address } };
      return {
        name: 'rate-limit-store',
        status: 'DEGRADED',
        details: { redis: address, connection: client.status },
        error: `Redis at ${address} is unreachable (${lastError ?? client.status}): each gateway replica counts its callers alone until it is back`,
      };
    },
    close: () => client.disconnect(),
  };
}

/** `telepulse_rate_limit_store_up` in `registry`, read at scrape time: 1 while `store` is connected, 0 while each replica counts alone. */
export function registerRateLimitStoreMetric(registry: ServiceMetrics['registry'], store: RateLimitStore): void {
  scrapedLabelledMetric(
    registry,
    'gauge',
    { name: 'telepulse_rate_limit_store_up', help: 'Gateway only: 1 while the shared rate-limit store (Redis, RATE_LIMIT_REDIS_URL) is connected, 0 while each gateway replica counts its callers alone', labels: [] },
    function* () {
      yield [{}, store.check().status === 'UP' ? 1 : 0] as const;
    },
  );
}
