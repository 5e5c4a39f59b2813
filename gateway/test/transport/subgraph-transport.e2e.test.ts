import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphTransport } from '../../src/transport/subgraph-transport.js';

/**
 * The gateway's transport to a subgraph, against a real HTTP peer on loopback that records the
 * connections it accepted and the headers it got, answers `/slow` never, and everything else
 * with the body it was sent.
 */
describe('the transport to a subgraph', () => {
  const seen: { encoding: string | undefined }[] = [];
  let connections = 0;
  const server = http.createServer(async (request, response) => {
    seen.push({ encoding: request.headers['accept-encoding'] });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.url === '/slow') return;
    response.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat(chunks));
  });
  server.on('connection', () => (connections += 1));
  let origin: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps its connections open: sequential fetches share one, concurrent ones stop at the pool size', async () => {
    const transport = subgraphTransport(`${origin}/graphql`, 2);
    const before = connections;
    for (let i = 0; i < 3; i += 1) {
      const answer = await transport.post(`{"n":${i}}`, { 'content-type': 'application/json' }, 5000);
      expect({ status: answer.status, body: answer.body.toString() }).toEqual({ status: 200, body: `{"n":${i}}` });
    }
    expect(connections - before).toBe(1);
    const bodies = await Promise.all(Array.from({ length: 6 }, (_, i) => transport.post(`{"m":${i}}`, {}, 5000).then((answer) => answer.body.toString())));
    expect(bodies).toEqual(Array.from({ length: 6 }, (_, i) => `{"m":${i}}`));
    expect(connections - before).toBeLessThanOrEqual(2);
    transport.close();
  });

  it('asks a loopback subgraph for no compression', async () => {
    const transport = subgraphTransport(`${origin}/graphql`, 1);
    seen.length = 0;
    await transport.post('{}', {}, 5000);
    expect(seen).toEqual([{ encoding: undefined }]);
    transport.close();
  });

  it('ends a fetch whose deadline passed with a TimeoutError, and the next fetch still goes through', async () => {
    const slow = subgraphTransport(`${origin}/slow`, 1);
    await expect(slow.post('{}', {}, 100)).rejects.toMatchObject({ name: 'TimeoutError' });
    slow.close();
    const transport = subgraphTransport(`${origin}/graphql`, 1);
    expect((await transport.post('{"after":1}', {}, 5000)).body.toString()).toBe('{"after":1}');
    transport.close();
  });
});
