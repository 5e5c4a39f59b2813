import { mongoProbe } from '@telepulse/platform/probes';
import { SupergraphClient } from '@telepulse/platform/supergraph-client';
import type { SubgraphDeps, SubgraphRuntime } from '@telepulse/platform/subgraph-manifest';
import { ENGAGEMENT_SERVED, loadEngagementPipeline, type EngagementPipeline } from '@telepulse/models/engagement/pipeline';
import { followLearning } from '@telepulse/models/runtime/follow-learning';
import type { ModelFollower } from '@telepulse/models/runtime/model-follower';
import { PipelineSlot } from '@telepulse/models/runtime/pipeline-slot';
import { serveOptions } from '@telepulse/models/runtime/serve-env';
import manifest from '../subgraph.js';
import { supergraphChannelHistory } from './clients/channel-history.js';
import { createContext, type Context } from './context.js';
import { loadEnv } from './env.js';
import { resolvers } from './resolvers/index.js';
import { PredictionStore } from './store/prediction-store.js';

export interface EngagementRuntime extends SubgraphRuntime<Context> {
  /** The pipeline new requests are served by (it changes when learning activates another version). */
  readonly predictor: EngagementPipeline;
  slot: PipelineSlot<EngagementPipeline>;
  follower: ModelFollower;
  /** Its reads through the gateway (the channel histories of root predictions). */
  supergraph: SupergraphClient;
}

/**
 * Builds the engagement subgraph's runtime: loads its model (its registry's active version),
 * follows the version learning activates, then its store and probes; listens nowhere. Each
 * request is served by the pipeline current when it started.
 */
export async function createRuntime({ db, env, subgraphSecret }: SubgraphDeps): Promise<EngagementRuntime> {
  const settings = loadEnv(env);
  const serve = serveOptions(settings, manifest.models.length);
  const slot = new PipelineSlot(await loadEngagementPipeline({ db, ...serve }));
  const { model } = slot.current;
  console.log(`[engagement] model ${model.name}@${model.version} from the ${model.source} on ${model.provider.name} (${model.provider.reason}), ${model.workers.length} inference threads`);
  const follower = followLearning({ db, subgraphSecret, caller: manifest.name, settings, serve }, [{ kind: ENGAGEMENT_SERVED, slot }]);
  const supergraph = new SupergraphClient({ url: settings.GATEWAY_URL, timeoutMs: settings.GATEWAY_TIMEOUT_MS, caller: manifest.name });
  const histories = supergraphChannelHistory(supergraph);
  const store = new PredictionStore(db);
  return {
    resolvers,
    context: (scope) => createContext(slot.forRequest(scope), histories, store, scope, settings.MAX_PREDICTION_BATCH),
    probes: [mongoProbe(db), () => slot.current.probe(), follower.probe],
    dispose: async () => {
      await follower.stop();
      await slot.dispose();
    },
    get predictor() {
      return slot.current;
    },
    slot,
    follower,
    supergraph,
  };
}
