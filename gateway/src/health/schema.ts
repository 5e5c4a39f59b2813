import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { loadSubgraphTypeDefs } from '@telepulse/platform/schema-files';
import { resolvers } from './resolvers/index.js';

/** The health subgraph's executable schema; the gateway runs it in-process. */
export function buildHealthSchema() {
  return buildSubgraphSchema([{ typeDefs: loadSubgraphTypeDefs('health'), resolvers: resolvers as GraphQLResolverMap }]);
}
