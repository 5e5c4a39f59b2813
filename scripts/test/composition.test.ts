import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { composeSupergraph } from '../composition.js';

describe('composition', () => {
  it("composes every discovered subgraph's SDL into the committed supergraph", async () => {
    const result = composeSupergraph(await discoverSubgraphs());
    expect(result.ok).toBe(true);
    expect(result.ok && result.supergraphSdl).toBe(readFileSync(supergraphPath, 'utf8'));
  });

  it('fails, naming the conflict, when two subgraphs resolve the same field without @shareable', async () => {
    const channels = (await discoverSubgraphs()).find((s) => s.name === 'channels')!;
    const result = composeSupergraph([channels, { ...channels, name: 'copy', url: 'http://127.0.0.1:1/graphql' }]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.join('\n')).toContain('Non-shareable field "Mutation.upsertChannel" is resolved from multiple subgraphs');
  });
});
