import type { HealthCheck, HealthProbe } from '@telepulse/platform';
import { mongoProbe } from '@telepulse/platform/probes';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import { supergraphChannelHistory } from './clients/channel-history.js';
import { createContext, type Context } from './context.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { loadServingModel, type ServingEngagementModel } from './serving.js';
import { PredictionStore } from './store/prediction-store.js';

export interface EngagementRuntime extends SubgraphRuntime<Context> {
  serving: ServingEngagementModel;
  /** Its reads through the gateway (the channel histories of root predictions). */
  supergraph: SupergraphClient;
}

/** Builds the engagement subgraph's runtime: loads its model, then its store and probes; listens nowhere. */
export async function createRuntime({ db, env }: SubgraphDeps): Promise<EngagementRuntime> {
  const settings = loadEnv(env);
  const serving = await loadServingModel(db, settings);
  const supergraph = new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: 'engagement' });
  const histories = supergraphChannelHistory(supergraph);
  const store = new PredictionStore(db);
  return {
    resolvers,
    context: ({ trace }) => createContext(serving, histories, store, trace),
    probes: [mongoProbe(db), modelProbe(serving)],
    dispose: () => serving.model.dispose(),
    serving,
    supergraph,
  };
}

/** Health check: which model is served, on what, and how its batching goes. */
function modelProbe({ model, source }: ServingEngagementModel): HealthProbe {
  return async (): Promise<HealthCheck> => ({
    name: `model:${model.name}`,
    status: 'UP',
    details: {
      version: model.version,
      loaded: true,
      source,
      executionProvider: model.provider.name,
      executionProviderReason: model.provider.reason,
      batches: model.batchingStats.batches,
      requests: model.batchingStats.requests,
    },
  });
}
