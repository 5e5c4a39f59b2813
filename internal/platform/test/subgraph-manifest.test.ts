import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineSubgraph, portVariable, urlVariable } from '../src/subgraph-manifest.js';
import { discoverSubgraphs } from '../src/discover-subgraphs.js';

const runtime = async () => ({ createRuntime: async () => ({ resolvers: {}, context: () => ({}), probes: [] }) });

describe('defineSubgraph', () => {
  it('resolves paths against its folder and routes a service to /graphql on its port', () => {
    const manifest = defineSubgraph({ name: 'growth', dir: '/repo/subgraphs/growth', port: 4003, database: 'growth', load: runtime });
    expect(manifest).toMatchObject({
      kind: 'service',
      schemaPath: '/repo/subgraphs/growth/schema.graphql',
      srcDir: '/repo/subgraphs/growth/src',
      entry: '/repo/subgraphs/growth/src/index.ts',
      url: 'http://127.0.0.1:4003/graphql',
      models: [],
      mappers: {},
    });
    expect([portVariable(manifest.name), urlVariable(manifest.name)]).toEqual(['GROWTH_PORT', 'SUBGRAPH_GROWTH_URL']);
  });

  it('routes a gateway-hosted subgraph to a path under the gateway', () => {
    const manifest = defineSubgraph({ name: 'health', dir: '/repo/gateway/src/health', src: '.', port: 4000, hostedBy: 'gateway' });
    expect(manifest).toMatchObject({ kind: 'gateway-hosted', srcDir: '/repo/gateway/src/health', url: 'http://127.0.0.1:4000/subgraphs/health' });
  });

  it('rejects a name that cannot name an environment variable, quoting it', () => {
    expect(() => defineSubgraph({ name: 'Growth-2', dir: '/x', port: 4003, database: 'g', load: runtime })).toThrow('got "Growth-2"');
  });
});

describe('discoverSubgraphs', () => {
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  /** Writes `<root>/<folder>/subgraph.ts` exporting `manifest` as a plain object. */
  function manifestIn(folder: string, manifest: object) {
    root ??= mkdtempSync(join(tmpdir(), 'telepulse-manifests-'));
    mkdirSync(join(root, folder));
    writeFileSync(join(root, folder, 'subgraph.ts'), `export default ${JSON.stringify(manifest)};\n`);
  }

  it('finds every folder with a manifest, sorted by name, and skips folders without one', async () => {
    manifestIn('zeta', { kind: 'service', name: 'zeta', port: 4010 });
    manifestIn('alpha', { kind: 'service', name: 'alpha', port: 4011 });
    mkdirSync(join(root!, 'notes'));
    expect((await discoverSubgraphs([root!])).map((m) => m.name)).toEqual(['alpha', 'zeta']);
  });

  it('refuses a manifest named unlike its folder', async () => {
    manifestIn('growth', { kind: 'service', name: 'grow', port: 4010 });
    await expect(discoverSubgraphs([root!])).rejects.toThrow('defines subgraph "grow"; name it after its folder, "growth"');
  });

  it('refuses two services on one default port', async () => {
    manifestIn('one', { kind: 'service', name: 'one', port: 4010 });
    manifestIn('two', { kind: 'service', name: 'two', port: 4010 });
    await expect(discoverSubgraphs([root!])).rejects.toThrow('subgraphs "one" and "two" both use port 4010');
  });
});
