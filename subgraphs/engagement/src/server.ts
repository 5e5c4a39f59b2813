import type { Db } from 'mongodb';
import { createSubgraphServer, type GraphQLResolverMap } from '@telepulse/platform/subgraph-server';
import { loadSubgraphTypeDefs } from '@telepulse/platform/schema-files';
import { mongoProbe } from '@telepulse/platform/probes';
import type { HealthCheck } from '@telepulse/platform';
import type { ChannelHistoryReader } from './clients/channel-history.js';
import { createContext, type Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import type { ServingEngagementModel } from './serving.js';
import { PredictionStore } from './store/prediction-store.js';

/** Builds the engagement subgraph around a loaded model; starts nothing. */
export function createEngagementServer(deps: { db: Db; serving: ServingEngagementModel; histories: ChannelHistoryReader }) {
  const store = new PredictionStore(deps.db);
  const { model, source } = deps.serving;
  const modelProbe = async (): Promise<HealthCheck> => ({
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
  return createSubgraphServer<Context>({
    name: 'engagement',
    typeDefs: loadSubgraphTypeDefs('engagement'),
    resolvers: resolvers as GraphQLResolverMap<Context>,
    context: ({ trace }) => createContext(deps.serving, deps.histories, store, trace),
    probes: [mongoProbe(deps.db), modelProbe],
  });
}
