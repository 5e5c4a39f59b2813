import type { HealthProbe } from '@telepulse/platform/health';
import { mongoProbe } from '@telepulse/platform/probes';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { modelsWithFeedback } from '@telepulse/models/catalog/model-catalog';
import manifest from '../subgraph.js';
import { supergraphCountHistory } from './clients/count-history.js';
import { supergraphIngestReads } from './clients/ingest-reads.js';
import { supergraphServedPredictions } from './clients/served-predictions.js';
import { createContext, type Context, type Services } from './context.js';
import { loadEnv } from './env.js';
import { IngestPoller } from './poller/ingest-poller.js';
import { resolvers } from './resolvers/index.js';
import { FeedbackStore } from './store/feedback-store.js';
import { ProcessingStore } from './store/processing-store.js';

export interface FeedbackRuntime extends SubgraphRuntime<Context> {
  services: Services;
  /** Its reads through the gateway (served predictions, ingested posts). */
  supergraph: SupergraphClient;
  /** Records the outcomes of ingested posts whose engagement was predicted. */
  poller: IngestPoller;
}

/** Builds the feedback subgraph's runtime: its stores, its reads through the gateway, its probes; listens nowhere. */
export async function createRuntime({ db, env }: SubgraphDeps): Promise<FeedbackRuntime> {
  const settings = loadEnv(env);
  const supergraph = new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: manifest.name });
  const store = new FeedbackStore(db);
  const services: Services = {
    store,
    processing: new ProcessingStore(db, store),
    served: supergraphServedPredictions(supergraph, modelsWithFeedback()),
    histories: supergraphCountHistory(supergraph),
    maxBatch: settings.MAX_FEEDBACK_BATCH,
  };
  const poller = new IngestPoller({
    reads: supergraphIngestReads(
      supergraph,
      modelsWithFeedback().filter((m) => m.outcome === 'ENGAGEMENT_RATE'),
    ),
    store,
    now: () => new Date(),
    intervalMs: settings.FEEDBACK_POLL_MS,
    minAgeMs: settings.FEEDBACK_INGEST_MIN_AGE_MS,
    lookbackMs: settings.FEEDBACK_INGEST_LOOKBACK_MS,
    log: (message) => console.warn(message),
  }).start();
  return {
    resolvers,
    context: (scope) => createContext(services, scope),
    probes: [mongoProbe(db), ingestProbe(poller, settings.FEEDBACK_POLL_MS)],
    dispose: () => poller.dispose(),
    services,
    supergraph,
    poller,
  };
}

/**
 * The ingest poller on /health: DEGRADED once it has failed to read (gateway or a predicting
 * subgraph down) for longer than five ticks or five minutes, whichever is longer, UP otherwise:
 * feedback still works then, outcomes of ingested posts wait until it catches up. The last error
 * is shown from the first failure.
 */
function ingestProbe(poller: IngestPoller, intervalMs: number): HealthProbe {
  const graceMs = Math.max(5 * intervalMs, 5 * 60_000);
  return async () => ({
    name: 'ingest-poller',
    status: poller.failingLongerThan(graceMs) ? 'DEGRADED' : 'UP',
    details: { ticks: poller.status.ticks, recorded: poller.status.recorded, lastTickAt: poller.status.lastTickAt?.toISOString() ?? null, intervalMs },
    ...(poller.status.lastError === null ? {} : { error: poller.status.lastError }),
  });
}
