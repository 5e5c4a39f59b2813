import type { Db } from 'mongodb';
import { createSubgraphServer, type GraphQLResolverMap } from '@telepulse/platform/subgraph-server';
import { loadSubgraphTypeDefs } from '@telepulse/platform/schema-files';
import { mongoProbe } from '@telepulse/platform/probes';
import type { ChannelDirectory } from './clients/channel-directory.js';
import { createContext, type Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import type { EngagementPipeline } from '@telepulse/models/engagement/pipeline';
import { PredictionStore } from './store/prediction-store.js';

/** Builds the engagement subgraph around a loaded model; starts nothing. */
export function createEngagementServer(deps: { db: Db; predictor: EngagementPipeline; directory: ChannelDirectory }) {
  const store = new PredictionStore(deps.db);
  return createSubgraphServer<Context>({
    name: 'engagement',
    typeDefs: loadSubgraphTypeDefs('engagement'),
    resolvers: resolvers as GraphQLResolverMap<Context>,
    context: () => createContext(deps.predictor, deps.directory, store),
    probes: [mongoProbe(deps.db), deps.predictor.probe],
  });
}
