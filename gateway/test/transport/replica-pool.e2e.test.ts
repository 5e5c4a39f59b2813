import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@telepulse/devstack/ports';
import { replicaPool } from '../../src/transport/replica-pool.js';
import { checkReplicaUrls } from '../../src/transport/replica-urls.js';
import { loadEnv } from '../../src/env.js';
import { checkSystemHealth } from '../../src/health/system-health.js';

/**
 * A subgraph's replicas as the gateway spreads fetches over them, against real HTTP peers on
 * loopback: each records the bodies it read; `hangUp` makes it read a request and then drop the
 * connection without an answer (a replica killed while running it).
 */
interface Peer {
  url: string;
  port: number;
  bodies: string[];
  hangUp: boolean;
  close(): Promise<void>;
}

const peers: Peer[] = [];

async function peer(port = 0): Promise<Peer> {
  const state = { bodies: [] as string[], hangUp: false };
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    state.bodies.push(Buffer.concat(chunks).toString());
    if (request.url === '/health') return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'p', status: 'UP', uptimeSeconds: 1, checks: [] }));
    if (state.hangUp) return void request.socket.destroy();
    response.writeHead(200, { 'content-type': 'application/json' }).end(`{"port":${(server.address() as AddressInfo).port}}`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  const created: Peer = Object.assign(state, {
    url: `http://127.0.0.1:${bound}/graphql`,
    port: bound,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
  peers.push(created);
  return created;
}

afterEach(async () => {
  for (const p of peers.splice(0)) await p.close();
});

describe("the gateway's replica pool", () => {
  it('spreads fetches over every replica: concurrent ones by fewest in flight, sequential ones in turn', async () => {
    const [a, b] = [await peer(), await peer()];
    const pool = replicaPool([a.url, b.url], 4);
    await Promise.all(Array.from({ length: 8 }, (_, i) => pool.post(`{"c":${i}}`, {}, 5000)));
    for (let i = 0; i < 6; i += 1) await pool.post(`{"s":${i}}`, {}, 5000);
    expect(a.bodies.length + b.bodies.length).toBe(14);
    expect(a.bodies.filter((body) => body.startsWith('{"s"')).length).toBe(3);
    expect(a.bodies.filter((body) => body.startsWith('{"c"')).length).toBe(4);
    expect(pool.replicas.map((r) => r.counters)).toEqual([
      { answered: 7, failed: 0, unreached: 0 },
      { answered: 7, failed: 0, unreached: 0 },
    ]);
    pool.close();
  });

  it('sends a fetch that could not reach a replica (connection refused) to the next one at once, and leaves the refusing one alone during its backoff', async () => {
    const a = await peer();
    const gonePort = await freePort();
    const gone = `http://127.0.0.1:${gonePort}/graphql`;
    const pool = replicaPool([gone, a.url], 4, { first: 60_000, max: 60_000 });
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(JSON.parse((await pool.post(`{"m":${i}}`, {}, 5000)).body.toString()));
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ port: a.port })));
    // Every fetch ran once, on the replica that answered; the refusing one was tried once, then marked down.
    expect(a.bodies).toEqual(Array.from({ length: 5 }, (_, i) => `{"m":${i}}`));
    expect(pool.replicas[0]!.counters).toEqual({ answered: 0, failed: 0, unreached: 1 });
    expect(pool.replicas[0]!.down()).toBe(true);
    pool.close();
  });

  it('tries a replica marked down again once its backoff has passed, and takes it back when it answers', async () => {
    const a = await peer();
    const port = await freePort();
    const pool = replicaPool([`http://127.0.0.1:${port}/graphql`, a.url], 4, { first: 1, max: 1 });
    await pool.post('{"first":1}', {}, 5000);
    expect(pool.replicas[0]!.counters.unreached).toBe(1);
    const back = await peer(port);
    // Its 1 ms backoff passes while waiting; the fetches in turn reach it again.
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (let i = 0; i < 4; i += 1) await pool.post(`{"again":${i}}`, {}, 5000);
    expect(back.bodies.length).toBeGreaterThan(0);
    expect(pool.replicas[0]!.down()).toBe(false);
    pool.close();
  });

  it('does not resend a fetch whose request may have reached its replica (it dropped the connection without an answer): a mutation may have run', async () => {
    const [a, b] = [await peer(), await peer()];
    a.hangUp = true;
    b.hangUp = true;
    const pool = replicaPool([a.url, b.url], 4);
    await expect(pool.post('{"mutation":1}', {}, 5000)).rejects.toThrow();
    expect(a.bodies.length + b.bodies.length).toBe(1);
    expect(pool.replicas.map((r) => r.counters.failed).sort()).toEqual([0, 1]);
    pool.close();
  });

  it('fails a fetch no replica could be reached for as a single replica would (its connection error)', async () => {
    const ports = [await freePort(), await freePort()];
    const pool = replicaPool(ports.map((p) => `http://127.0.0.1:${p}/graphql`), 4);
    await expect(pool.post('{}', {}, 5000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(pool.replicas.map((r) => r.counters.unreached)).toEqual([1, 1]);
    pool.close();
  });
});

describe('SUBGRAPH_<NAME>_URL with replicas', () => {
  const keys = { AUTH_JWT_SECRET: 'a'.repeat(32), SUBGRAPH_SECRET: 'b'.repeat(32) };

  it('takes one URL or a comma-separated list of them, trimmed', () => {
    expect(loadEnv({ ...keys, SUBGRAPH_CHANNELS_URL: 'http://127.0.0.1:4101/graphql' }).urlOverrides).toEqual({ channels: 'http://127.0.0.1:4101/graphql' });
    expect(loadEnv({ ...keys, SUBGRAPH_ENGAGEMENT_URL: 'http://127.0.0.1:4103/graphql, http://10.0.0.2:4103/graphql' }).urlOverrides).toEqual({
      engagement: 'http://127.0.0.1:4103/graphql,http://10.0.0.2:4103/graphql',
    });
  });

  it('refuses to start on a list it cannot route, naming the variable and the URL at fault', () => {
    const refused = (value: string) => () => loadEnv({ ...keys, SUBGRAPH_ENGAGEMENT_URL: value });
    expect(refused('http://a:1/graphql,,http://b:1/graphql')).toThrow(/SUBGRAPH_ENGAGEMENT_URL=.*an empty entry/);
    expect(refused('http://a:1/graphql,b:1')).toThrow(/SUBGRAPH_ENGAGEMENT_URL=.*"b:1" must be http or https/);
    expect(refused('http://a:1/graphql,not a url')).toThrow(/"not a url" is not a URL/);
    expect(refused('http://a:1/graphql,http://b:1/other')).toThrow(/another path than/);
    expect(refused('http://a:1/graphql,http://a:1/graphql')).toThrow(/http:\/\/a:1 is listed twice/);
    expect(checkReplicaUrls(' http://a:1/graphql ')).toBe('http://a:1/graphql');
  });
});

describe('the health of a subgraph with replicas', () => {
  it('is UP while any replica is, saying how many of how many', async () => {
    const a = await peer();
    const gone = `http://127.0.0.1:${await freePort()}/graphql`;
    const report = await checkSystemHealth([{ name: 'engagement', url: `${gone},${a.url}` }], 1000);
    expect(report.status).toBe('UP');
    const [service] = report.services;
    expect(service).toMatchObject({ name: 'engagement', status: 'UP', url: `${gone},${a.url}` });
    expect(service!.checks.find((c) => c.name === 'replicas')).toMatchObject({
      status: 'DEGRADED',
      details: { up: 1, of: 2, [a.url]: 'UP', [gone]: 'DOWN: unreachable (ECONNREFUSED)' },
      error: '1 of 2 replicas not UP',
    });
  });
});
