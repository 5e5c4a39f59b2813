import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { subgraphsOf } from '../src/supergraph.js';

describe('the supergraph', () => {
  it("routes to every discovered subgraph at its manifest's default URL, read back from join__Graph", async () => {
    const discovered = (await discoverSubgraphs()).map(({ name, url }) => ({ name, url }));
    expect(discovered.map((s) => s.name)).toEqual(expect.arrayContaining(['channels', 'engagement', 'health']));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(subgraphsOf(readFileSync(supergraphPath, 'utf8')).sort(byName)).toEqual(discovered.sort(byName));
  });

  it('refuses a file that is not a supergraph', () => {
    expect(() => subgraphsOf('type Query { a: Int }')).toThrow('not a supergraph');
  });
});
