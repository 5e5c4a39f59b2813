import { readSubgraphSdl } from '@telepulse/platform/subgraph-manifest';
import { buildSchemaFromSdl } from '@telepulse/platform/subgraph-schema';
import { resolvers } from './resolvers/index.js';
import manifest from './subgraph.js';

/** The health subgraph's executable schema; the gateway runs it in-process. */
export function buildHealthSchema() {
  return buildSchemaFromSdl(readSubgraphSdl(manifest), resolvers);
}
