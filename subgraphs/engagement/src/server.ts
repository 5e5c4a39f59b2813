import type { HealthCheck, HealthProbe } from '@telepulse/platform';
import { mongoProbe } from '@telepulse/platform/probes';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { GatewayChannelDirectory } from './clients/channel-directory.js';
import { createContext, type Context } from './context.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { loadServingModel, type ServingEngagementModel } from './serving.js';
import { PredictionStore } from './store/prediction-store.js';

export interface EngagementRuntime extends SubgraphRuntime<Context> {
  serving: ServingEngagementModel;
}

/** Builds the engagement subgraph's runtime: loads its model, then its store and probes; listens nowhere. */
export async function createRuntime({ db, env }: SubgraphDeps): Promise<EngagementRuntime> {
  const settings = loadEnv(env);
  const serving = await loadServingModel(db, settings);
  const directory = new GatewayChannelDirectory(settings.GATEWAY_URL, settings.GATEWAY_TIMEOUT_MS);
  const store = new PredictionStore(db);
  return {
    resolvers,
    context: () => createContext(serving, directory, store),
    probes: [mongoProbe(db), modelProbe(serving)],
    dispose: () => serving.model.dispose(),
    serving,
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
