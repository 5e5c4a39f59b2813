import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readSubgraphSdl, type SubgraphManifest } from '@telepulse/platform/subgraph-manifest';

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/**
 * Composes the subgraphs' SDL into a supergraph (Federation 2), each routed to its manifest's
 * default URL. Pure: reads the SDL files, writes nothing.
 */
export function composeSupergraph(subgraphs: readonly SubgraphManifest[]): CompositionResult {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(readSubgraphSdl(s)) })));
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}
