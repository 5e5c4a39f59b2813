import { readSubgraphSdl } from '@telepulse/platform/subgraph-manifest';
import { buildSchemaFromSdl } from '@telepulse/platform/subgraph-schema';
import { resolvers } from './resolvers/index.js';
import manifest from './subgraph.js';

/** The adaptation subgraph's executable schema; the gateway runs it in-process. */
export function buildAdaptationSchema() {
  return buildSchemaFromSdl(readSubgraphSdl(manifest), resolvers);
}
