import { mongoProbe } from '@telepulse/platform/probes';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { GROWTH_SERVED, loadGrowthPipeline, type GrowthPipeline } from '@telepulse/models/growth/pipeline';
import { followLearning } from '@telepulse/models/runtime/follow-learning';
import type { ModelFollower } from '@telepulse/models/runtime/model-follower';
import { PipelineSlot } from '@telepulse/models/runtime/pipeline-slot';
import { serveOptions } from '@telepulse/models/runtime/serve-env';
import manifest from '../subgraph.js';
import { supergraphChannelSeries } from './clients/channel-series.js';
import { createContext, type Context } from './context.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { ForecastStore } from './store/forecast-store.js';

export interface GrowthRuntime extends SubgraphRuntime<Context> {
  /** The pipeline new requests are served by (it changes when learning activates another version). */
  readonly forecaster: GrowthPipeline;
  slot: PipelineSlot<GrowthPipeline>;
  follower: ModelFollower;
  /** Its reads through the gateway (channels' subscriber counts). */
  supergraph: SupergraphClient;
}

/**
 * Builds the growth subgraph's runtime: loads its model (its registry's active version),
 * follows the version learning activates, then its store and probes; listens nowhere. Each
 * request is served by the pipeline current when it started.
 */
export async function createRuntime({ db, env, subgraphSecret }: SubgraphDeps): Promise<GrowthRuntime> {
  const settings = loadEnv(env);
  const serve = serveOptions(settings, manifest.models.length);
  const slot = new PipelineSlot(await loadGrowthPipeline({ db, ...serve }));
  const { model } = slot.current;
  console.log(`[growth] model ${model.name}@${model.version} from the ${model.source} on ${model.provider.name} (${model.provider.reason}), ${model.workers.length} inference threads`);
  const follower = followLearning({ db, subgraphSecret, caller: manifest.name, settings, serve }, [{ kind: GROWTH_SERVED, slot }]);
  const supergraph = new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: manifest.name });
  const series = supergraphChannelSeries(supergraph);
  const store = new ForecastStore(db);
  return {
    resolvers,
    context: (scope) => createContext(slot.forRequest(scope), series, store, scope, settings.MAX_SERIES_POINTS),
    probes: [mongoProbe(db), () => slot.current.probe(), follower.probe],
    dispose: async () => {
      await follower.stop();
      await slot.dispose();
    },
    get forecaster() {
      return slot.current;
    },
    slot,
    follower,
    supergraph,
  };
}
