import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayServer } from '../src/server.js';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { randomSecret } from '@telepulse/devstack/dev-secrets';

const supergraphSdl = readFileSync(supergraphPath, 'utf8');

describe('the gateway landing page', () => {
  const stops: (() => Promise<void>)[] = [];
  let sandbox: string;
  let graphiql: string;

  beforeAll(async () => {
    for (const [kind, set] of [
      ['sandbox', (url: string) => (sandbox = url)],
      ['graphiql', (url: string) => (graphiql = url)],
    ] as const) {
      const running = await createGatewayServer({ supergraphSdl, landingPage: kind, userTokens: { jwtSecret: randomSecret() }, subgraphSecret: randomSecret() }).listen(0);
      stops.push(running.stop);
      set(running.url);
    }
  });
  afterAll(() => Promise.all(stops.map((stop) => stop())));

  const page = async (url: string) => (await fetch(url, { headers: { accept: 'text/html' } })).text();

  it('serves Apollo Sandbox on GET of the endpoint by default', async () => {
    const html = await page(sandbox);
    expect(html).toContain('embeddable-sandbox');
    expect(html).toContain('<a id="telepulse-dashboard-link" href="/dashboard/"');
    // Its style carries the page's CSP nonce: Apollo's page allows no other inline style.
    const nonce = /'nonce-([0-9a-f]+)'/.exec(html)?.[1];
    expect(html).toContain(`<style nonce="${nonce}">#telepulse-dashboard-link{`);
  });

  it('serves a GraphiQL whose every script comes from the gateway itself (works offline)', async () => {
    const html = await page(graphiql);
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toEqual(['/graphiql/react.js', '/graphiql/react-dom.js', '/graphiql/graphiql.js']);
    expect(html).toContain('<a id="telepulse-dashboard-link" href="/dashboard/"');
    for (const src of [...scripts, '/graphiql/graphiql.css']) {
      const asset = await fetch(new URL(src, graphiql));
      expect(asset.status, src).toBe(200);
      expect((await asset.text()).length, src).toBeGreaterThan(1000);
    }
  });

  it('answers /health for load balancers even when every subgraph is down', async () => {
    const response = await fetch(new URL('/health', sandbox));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'DOWN',
      services: expect.arrayContaining([expect.objectContaining({ name: 'channels', status: 'DOWN' }), expect.objectContaining({ name: 'engagement', status: 'DOWN' })]),
    });
  });
});
