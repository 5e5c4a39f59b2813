import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readSchemaFile, schemaDir } from '@telepulse/platform/schema-files';

export interface SubgraphEntry {
  name: string;
  url: string;
}

/** Where the composed supergraph is committed. */
export const supergraphPath = join(schemaDir, 'supergraph.graphql');

/** The supergraph's subgraphs and their default URLs, from schema/subgraphs.json. */
export function listSubgraphs(): SubgraphEntry[] {
  const file = JSON.parse(readFileSync(join(schemaDir, 'subgraphs.json'), 'utf8')) as { subgraphs: SubgraphEntry[] };
  return file.subgraphs;
}

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** Composes every subgraph's SDL into a supergraph (Federation 2). Pure: reads files, writes nothing. */
export function composeSubgraphs(): CompositionResult {
  const result = composeServices(
    listSubgraphs().map(({ name, url }) => ({ name, url, typeDefs: parse(readSchemaFile(name)) })),
  );
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}
