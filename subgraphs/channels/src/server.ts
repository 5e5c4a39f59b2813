import type { Db } from 'mongodb';
import { createSubgraphServer, type GraphQLResolverMap } from '@telepulse/platform/subgraph-server';
import { loadSubgraphTypeDefs } from '@telepulse/platform/schema-files';
import { mongoProbe } from '@telepulse/platform/probes';
import { createContext, type Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import { ChannelStore } from './store/channel-store.js';

/** Builds the channels subgraph over a database; starts nothing. */
export function createChannelsServer(db: Db) {
  const store = new ChannelStore(db);
  return createSubgraphServer<Context>({
    name: 'channels',
    typeDefs: loadSubgraphTypeDefs('channels'),
    resolvers: resolvers as GraphQLResolverMap<Context>,
    context: () => createContext(store),
    probes: [mongoProbe(db)],
  });
}
