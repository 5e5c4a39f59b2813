import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverSubgraphs } from '@telepulse/platform/discover-subgraphs';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { ApolloGateway } from '@apollo/gateway';
import { subgraphsOf, supergraphForGateway } from '../src/supergraph.js';

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

  describe('access rules', () => {
    const supergraphSdl = readFileSync(supergraphPath, 'utf8');
    const load = async (sdl: string) => {
      const gateway = new ApolloGateway({ supergraphSdl: sdl });
      try {
        await gateway.load();
      } finally {
        await gateway.stop();
      }
    };

    it('carries every mutation\'s @requiresScopes from the subgraph SDLs, linked for SECURITY', () => {
      expect(supergraphSdl).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)');
      for (const [field, scope] of [['upsertChannel', 'ingest'], ['ingestPosts', 'ingest'], ['ingestSubscriberCounts', 'ingest'], ['predictEngagement', 'predict'], ['batchPredictEngagement', 'predict'], ['submitFeedback', 'feedback'], ['submitFeedbackBatch', 'feedback'], ['processFeedbackBatch', 'admin']]) {
        expect(supergraphSdl).toMatch(new RegExp(`\\n  ${field}\\(.*@requiresScopes\\(scopes: \\[\\["${scope}"\\]\\]\\)`));
      }
    });

    it('is refused by @apollo/gateway as composed (it enforces no SECURITY feature), and loaded once marked as enforced by the subgraphs', async () => {
      await expect(load(supergraphSdl)).rejects.toThrow(/requiresScopes\/v0.1 is for: SECURITY but is unsupported/);
      const forGateway = supergraphForGateway(supergraphSdl);
      expect(forGateway).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1")');
      await load(forGateway);
    });

    it('leaves any other SECURITY feature to be refused', async () => {
      const withPolicy = supergraphSdl.replace('https://specs.apollo.dev/join/v0.4", for: EXECUTION)', 'https://specs.apollo.dev/join/v0.4", for: EXECUTION)\n  @link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)');
      expect(supergraphForGateway(withPolicy)).toContain('@link(url: "https://specs.apollo.dev/policy/v0.1", for: SECURITY)');
    });
  });
});
