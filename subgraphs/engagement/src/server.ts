import { mongoProbe } from '@telepulse/platform/probes';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { loadEngagementPipeline, type EngagementPipeline } from '@telepulse/models/engagement/pipeline';
import { serveOptions } from '@telepulse/models/runtime/serve-env';
import manifest from '../subgraph.js';
import { supergraphChannelHistory } from './clients/channel-history.js';
import { createContext, type Context } from './context.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { PredictionStore } from './store/prediction-store.js';

export interface EngagementRuntime extends SubgraphRuntime<Context> {
  predictor: EngagementPipeline;
  /** Its reads through the gateway (the channel histories of root predictions). */
  supergraph: SupergraphClient;
}

/** Builds the engagement subgraph's runtime: loads its model, then its store and probes; listens nowhere. */
export async function createRuntime({ db, env }: SubgraphDeps): Promise<EngagementRuntime> {
  const settings = loadEnv(env);
  const predictor = await loadEngagementPipeline({ db, ...serveOptions(settings, manifest.models.length) });
  const { model } = predictor;
  console.log(`[engagement] model ${model.name}@${model.version} from the ${model.source} on ${model.provider.name} (${model.provider.reason}), ${model.workers.length} inference threads`);
  const supergraph = new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: manifest.name });
  const histories = supergraphChannelHistory(supergraph);
  const store = new PredictionStore(db);
  return {
    resolvers,
    context: (scope) => createContext(predictor, histories, store, scope, settings.MAX_PREDICTION_BATCH),
    probes: [mongoProbe(db), predictor.probe],
    dispose: () => predictor.dispose(),
    predictor,
    supergraph,
  };
}
