import { z } from 'zod';
import { count, millis, readEnv, serviceUrl, supergraphReadEnv } from '@telepulse/platform/env';

const BROKER_URL_FORMAT = 'must be redis://host:port[/db] (Redis) or nats://host:port (NATS), or unset to keep alerts in this process';

/** BROKER_URL: a redis:// or nats:// URL with a host, as a URL; undefined when unset or empty. */
const brokerUrl = serviceUrl(['redis:', 'nats:'], BROKER_URL_FORMAT);

/**
 * The drift subgraph's own settings, read once when its runtime is built (MongoDB, HOST,
 * DRIFT_PORT and SUBGRAPH_SECRET are read by the shared subgraph runner).
 */
export const loadEnv = (source?: NodeJS.ProcessEnv) =>
  readEnv(
    z.object({
      /** Feedback's error stream and the serving subgraphs' inputs are read through the gateway. */
      ...supergraphReadEnv,
      /** How often performance detection runs on its own over each model's new feedback; 0 turns the poller off. */
      DRIFT_POLL_MS: millis(10_000),
      /** Errors asked per feedbackErrors page (feedback answers at most 1,000). */
      DRIFT_PAGE_SIZE: z.coerce.number().int().min(1).max(1_000).default(500),
      /** The most pages one detection reads; the rest waits for the next detection. */
      DRIFT_MAX_PAGES: count(20),
      /** Events one live subscriber may fall behind before it is dropped with an error. */
      DRIFT_MAX_QUEUED_EVENTS: count(100),
      /**
       * Where drift replicas share their alerts (live/alert-broker.ts): redis://host:port[/db] or
       * nats://host:port. Unset: alerts go only to this process's subscribers.
       */
      BROKER_URL: brokerUrl,
      /** How long drift's start waits for the broker's first answer before starting without it. */
      BROKER_START_WAIT_MS: millis(5_000),
    }),
    source,
  );

export type DriftEnv = ReturnType<typeof loadEnv>;
