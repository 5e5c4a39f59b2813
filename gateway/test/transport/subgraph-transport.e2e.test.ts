import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subgraphTransport } from '../../src/transport/subgraph-transport.js';
import { pollUntil } from '../../../test/support/poll.js';

/**
 * The gateway's transport to a subgraph, against a real HTTP peer on loopback that records the
 * connections it accepted and the headers it got, answers `/slow` never, `/partial` only in
 * part, and everything else
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
    if (request.url === '/partial') return void response.writeHead(200, { 'content-type': 'application/json' }).write('{"data":');
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

  it("closes an idle connection a second before the subgraph's announced keep-alive timeout, so no fetch goes out on a socket the subgraph is closing", async () => {
    // A subgraph that keeps idle connections 2 s (Node announces `Keep-Alive: timeout=2`), and notes which side closed each.
    const closedBy: string[] = [];
    const short = http.createServer((_request, response) => response.end('{}'));
    short.keepAliveTimeout = 2000;
    short.on('connection', (socket) => {
      let clientEnded = false;
      socket.on('end', () => (clientEnded = true));
      socket.on('close', () => closedBy.push(clientEnded ? 'gateway' : 'subgraph'));
    });
    await new Promise<void>((resolve) => short.listen(0, '127.0.0.1', resolve));
    const transport = subgraphTransport(`http://127.0.0.1:${(short.address() as AddressInfo).port}/graphql`, 1);
    try {
      const answer = await transport.post('{}', {}, 5000);
      expect(answer.headers['keep-alive']).toBe('timeout=2');
      await pollUntil(async () => closedBy.length, (n) => n > 0, { timeoutMs: 5000 });
      expect(closedBy).toEqual(['gateway']);
      expect((await transport.post('{}', {}, 5000)).status).toBe(200);
    } finally {
      transport.close();
      short.closeAllConnections();
      await new Promise((resolve) => short.close(resolve));
    }
  });

  it('asks a loopback subgraph for no compression', async () => {
    const transport = subgraphTransport(`${origin}/graphql`, 1);
    seen.length = 0;
    await transport.post('{}', {}, 5000);
    expect(seen).toEqual([{ encoding: undefined }]);
    transport.close();
  });

  it('ends a fetch whose deadline passed (no answer, or an answer begun and never finished) with a TimeoutError; the next fetch still goes through', async () => {
    for (const path of ['/slow', '/partial']) {
      const slow = subgraphTransport(`${origin}${path}`, 1);
      await expect(slow.post('{}', {}, 100)).rejects.toMatchObject({ name: 'TimeoutError' });
      slow.close();
    }
    const transport = subgraphTransport(`${origin}/graphql`, 1);
    expect((await transport.post('{"after":1}', {}, 5000)).body.toString()).toBe('{"after":1}');
    transport.close();
  });
});
