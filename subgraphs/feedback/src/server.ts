import { mongoProbe } from '@telepulse/platform/probes';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { modelsWithFeedback } from '@telepulse/models/catalog/model-catalog';
import manifest from '../subgraph.js';
import { supergraphServedPredictions } from './clients/served-predictions.js';
import { createContext, type Context, type Services } from './context.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { FeedbackStore } from './store/feedback-store.js';
import { ProcessingStore } from './store/processing-store.js';

export interface FeedbackRuntime extends SubgraphRuntime<Context> {
  services: Services;
  /** Its reads through the gateway (served predictions, ingested posts). */
  supergraph: SupergraphClient;
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
    maxBatch: settings.MAX_FEEDBACK_BATCH,
  };
  return {
    resolvers,
    context: (scope) => createContext(services, scope),
    probes: [mongoProbe(db)],
    services,
    supergraph,
  };
}
