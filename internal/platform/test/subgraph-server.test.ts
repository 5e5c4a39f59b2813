import { afterEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../src/errors.js';
import type { HealthStatus } from '../src/health.js';
import { createSubgraphServer, type RunningServer } from '../src/subgraph-server.js';

const sdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  scalar DateTime
  type Query { at(valid: Boolean! = true): DateTime!  thing(id: ID!): String }
`;

describe('a subgraph server', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  async function serve(status: HealthStatus = 'UP') {
    running = await createSubgraphServer({
      name: 'probe',
      sdl,
      resolvers: {
        Query: {
          at: (_: unknown, { valid }: { valid: boolean }) => (valid ? new Date('2024-05-01T12:00:00Z') : 'not a date'),
          thing: (_: unknown, { id }: { id: string }) => Promise.reject(new NotFoundError('Thing', id)),
        },
      },
      context: () => ({}),
      probes: [async () => ({ name: 'dependency', status })],
    }).listen(0);
    return running;
  }

  const post = async (url: string, query: string) =>
    (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json() as Promise<any>;

  it('serves the shared DateTime scalar the SDL declares, without the subgraph supplying it', async () => {
    const { url } = await serve();
    expect(await post(url, '{ at }')).toEqual({ data: { at: '2024-05-01T12:00:00.000Z' } });
    const invalid = await post(url, '{ at(valid: false) }');
    expect(invalid.errors[0].message).toContain('DateTime');
  });

  it('answers a domain error with its code', async () => {
    const { url } = await serve();
    const result = await post(url, '{ thing(id: "x") }');
    expect(result.errors[0]).toMatchObject({ message: 'Thing "x" does not exist', extensions: { code: 'NOT_FOUND', kind: 'Thing', id: 'x' } });
  });

  it('answers /health with its probes: 200 while UP, 503 when DOWN', async () => {
    const up = await serve('UP');
    const upResponse = await fetch(new URL('/health', up.url));
    expect(upResponse.status).toBe(200);
    expect(await upResponse.json()).toMatchObject({ name: 'probe', status: 'UP', checks: [{ name: 'dependency', status: 'UP' }] });
    await up.stop();

    const down = await serve('DOWN');
    const downResponse = await fetch(new URL('/health', down.url));
    expect(downResponse.status).toBe(503);
    expect(await downResponse.json()).toMatchObject({ status: 'DOWN' });
  });
});
