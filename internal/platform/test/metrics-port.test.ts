import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { readSubgraphProcessEnv } from '../src/env.js';
import { createSubgraphServer, type RunningServer } from '../src/subgraph-server.js';

const secret = randomBytes(32).toString('base64url');
const sdl = 'type Query { ok: Boolean }';

/** A subgraph server with its metrics port asked for (`metricsPort`) or not. */
const serve = (metricsPort?: number) =>
  createSubgraphServer({ name: 'probe', sdl, resolvers: { Query: { ok: () => true } }, context: () => ({}), probes: [], subgraphSecret: secret, metricsPort }).listen(0);

describe('the metrics port (METRICS_PORT)', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('is off unless asked for: no second port, /metrics on the service port as before', async () => {
    running = await serve();
    expect(running.metricsPort).toBeUndefined();
    const response = await fetch(new URL('/metrics', running.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('process_cpu_user_seconds_total');
  });

  it('serves the same Prometheus text on a port of its own, and nothing else there', async () => {
    running = await serve(0);
    expect(running.metricsPort).toBeGreaterThan(0);
    expect(running.metricsPort).not.toBe(running.port);
    const base = `http://127.0.0.1:${running.metricsPort}`;
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toContain('process_cpu_user_seconds_total');
    // Neither GraphQL nor health answers on the metrics port: a client that found it learns nothing else.
    expect((await fetch(`${base}/graphql`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/health`)).status).toBe(404);
  });

  it('is closed when the server stops', async () => {
    running = await serve(0);
    const port = running.metricsPort!;
    await running.stop();
    running = undefined;
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('is read from METRICS_PORT by a subgraph process, unset by default, and a bad value is named', () => {
    const base = { MONGODB_URI: 'mongodb://db', SUBGRAPH_SECRET: secret };
    expect(readSubgraphProcessEnv('channels', 4001, base).METRICS_PORT).toBeUndefined();
    expect(readSubgraphProcessEnv('channels', 4001, { ...base, METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expect(() => readSubgraphProcessEnv('channels', 4001, { ...base, METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT="nine"/);
  });
});
