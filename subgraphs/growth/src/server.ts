import { mongoProbe } from '@telepulse/platform/probes';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { loadGrowthPipeline, type GrowthPipeline } from '@telepulse/models/growth/pipeline';
import { serveOptions } from '@telepulse/models/runtime/serve-env';
import manifest from '../subgraph.js';
import { supergraphChannelSeries } from './clients/channel-series.js';
import { createContext, type Context } from './context.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { ForecastStore } from './store/forecast-store.js';

export interface GrowthRuntime extends SubgraphRuntime<Context> {
  forecaster: GrowthPipeline;
  /** Its reads through the gateway (channels' subscriber counts). */
  supergraph: SupergraphClient;
}

/** Builds the growth subgraph's runtime: loads its model, then its store and probes; listens nowhere. */
export async function createRuntime({ db, env }: SubgraphDeps): Promise<GrowthRuntime> {
  const settings = loadEnv(env);
  const forecaster = await loadGrowthPipeline({ db, ...serveOptions(settings, manifest.models.length) });
  const { model } = forecaster;
  console.log(`[growth] model ${model.name}@${model.version} from the ${model.source} on ${model.provider.name} (${model.provider.reason}), ${model.workers.length} inference threads`);
  const supergraph = new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: manifest.name });
  const series = supergraphChannelSeries(supergraph);
  const store = new ForecastStore(db);
  return {
    resolvers,
    context: (scope) => createContext(forecaster, series, store, scope, settings.MAX_SERIES_POINTS),
    probes: [mongoProbe(db), forecaster.probe],
    dispose: () => forecaster.dispose(),
    forecaster,
    supergraph,
  };
}
