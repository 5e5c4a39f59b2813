import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSubgraphs, listSubgraphs, supergraphPath } from '../src/composition.js';
import { subgraphsOf } from '../src/supergraph.js';

describe('the supergraph', () => {
  it('composes from schema/*.graphql and matches the committed file', () => {
    const result = composeSubgraphs();
    expect(result.ok).toBe(true);
    expect(result.ok && result.supergraphSdl).toBe(readFileSync(supergraphPath, 'utf8'));
  });

  it('routes to every subgraph listed in schema/subgraphs.json, read back from join__Graph', () => {
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(subgraphsOf(readFileSync(supergraphPath, 'utf8')).sort(byName)).toEqual(listSubgraphs().map(({ name, url }) => ({ name, url })).sort(byName));
  });

  it('refuses a file that is not a supergraph', () => {
    expect(() => subgraphsOf('type Query { a: Int }')).toThrow('not a supergraph');
  });
});
