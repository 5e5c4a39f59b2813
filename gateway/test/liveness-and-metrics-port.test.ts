import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayServer } from '../src/server.js';
import { loadEnv } from '../src/env.js';
import { supergraphPath } from '@telepulse/platform/repo-layout';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { freePort } from '@telepulse/devstack/ports';

// What deploy/k8s probes and scrapes on the gateway: with every subgraph unreachable, readiness
// (/health) says 503 and liveness (/health?probe=live) 200; METRICS_PORT serves /metrics apart.
describe('the gateway, as a cluster probes and scrapes it', () => {
  let running: Awaited<ReturnType<ReturnType<typeof createGatewayServer>['listen']>>;
  const origin = () => new URL(running.url).origin;

  beforeAll(async () => {
    // Every subgraph routed to a port where nothing listens.
    const closed = `http://127.0.0.1:${await freePort()}/graphql`;
    const names = ['channels', 'engagement', 'growth', 'content', 'feedback', 'monitoring', 'drift', 'learning'];
    running = await createGatewayServer({
      supergraphSdl: readFileSync(supergraphPath, 'utf8'),
      urlOverrides: Object.fromEntries(names.map((name) => [name, closed])),
      healthTimeoutMs: 500,
      userTokens: { jwtSecret: randomSecret() },
      subgraphSecret: randomSecret(),
      metricsPort: 0,
    }).listen(0);
  });
  afterAll(() => running.stop());

  it('is not ready while no subgraph answers, but alive', async () => {
    const ready = await fetch(`${origin()}/health`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'DOWN' });
    const live = await fetch(`${origin()}/health?probe=live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'UP', probe: 'live' });
  });

  it('serves its metrics on the metrics port, beside the service port', async () => {
    expect(running.metricsPort).toBeGreaterThan(0);
    const response = await fetch(`http://127.0.0.1:${running.metricsPort}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('telepulse_graphql_requests_total');
  });

  it('reads METRICS_PORT from its settings, unset by default', () => {
    const base = { AUTH_JWT_SECRET: randomSecret(), SUBGRAPH_SECRET: randomSecret() };
    expect(loadEnv(base).METRICS_PORT).toBeUndefined();
    expect(loadEnv({ ...base, METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
  });
});
