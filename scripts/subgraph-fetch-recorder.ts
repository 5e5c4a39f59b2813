/**
 * What the gateway asks each subgraph for one operation, recorded so a benchmark can ask the
 * subgraphs the same directly (bench-comprehensive.ts): a gateway of its own, in this process,
 * over the same supergraph (so the same query plan), routed to each subgraph through a loopback
 * proxy that records every GraphQL request it forwards. The fetches come back grouped in the
 * waves the plan sent them in: a fetch that began after one of its wave had ended waited for it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomSecret } from '@telepulse/devstack/dev-secrets';
import { createGatewayServer } from '@telepulse/gateway/server';
import { gatewayLimits, loadEnv as loadGatewayEnv } from '@telepulse/gateway/env';

/** One GraphQL request the gateway sent a subgraph. */
export interface RecordedFetch {
  service: string;
  body: string;
}

interface TimedFetch extends RecordedFetch {
  startedAt: number;
  endedAt: number;
}

/** Forwards everything to `target`'s origin (as is: the gateway's proof included); records the GraphQL POSTs while `sink` is set. */
function recordingProxy(service: string, target: string, sink: () => TimedFetch[] | undefined): Promise<Server> {
  const origin = new URL(target).origin;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
    const startedAt = performance.now();
    try {
      const answer = await fetch(origin + request.url, { method: request.method, headers, ...(body.length > 0 ? { body } : {}) });
      const bytes = Buffer.from(await answer.arrayBuffer());
      if (request.method === 'POST') sink()?.push({ service, body: body.toString('utf8'), startedAt, endedAt: performance.now() });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(bytes);
    } catch (error) {
      response.writeHead(502).end(String(error));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Fetches in waves: each wave's fetches began before any of them had ended; the next wave began after. */
function waves(fetches: TimedFetch[]): RecordedFetch[][] {
  const grouped: TimedFetch[][] = [];
  for (const fetch of [...fetches].sort((a, b) => a.startedAt - b.startedAt)) {
    const current = grouped.at(-1);
    if (current && fetch.startedAt < Math.min(...current.map((f) => f.endedAt))) current.push(fetch);
    else grouped.push([fetch]);
  }
  return grouped.map((wave) => wave.map(({ service, body }) => ({ service, body })));
}

/**
 * Starts the recording gateway in front of `subgraphUrls` (name → GraphQL URL), whose proofs
 * are signed with `subgraphSecret`. `record(body)` posts one operation through it and returns
 * the subgraph fetches it caused, in waves; it fails when the answer has errors.
 */
export async function startFetchRecorder(options: { supergraphSdl: string; subgraphUrls: Record<string, string>; subgraphSecret: string }) {
  let recording: TimedFetch[] | undefined;
  const proxies = await Promise.all(Object.entries(options.subgraphUrls).map(async ([name, url]) => [name, await recordingProxy(name, url, () => recording)] as const));
  const userSecret = randomSecret();
  const gateway = await createGatewayServer({
    supergraphSdl: options.supergraphSdl,
    urlOverrides: Object.fromEntries(proxies.map(([name, proxy]) => [name, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`])),
    limits: gatewayLimits(loadGatewayEnv({ RATE_LIMIT_REQUESTS: '0', AUTH_JWT_SECRET: userSecret, SUBGRAPH_SECRET: options.subgraphSecret })),
    userTokens: { jwtSecret: userSecret },
    subgraphSecret: options.subgraphSecret,
  }).listen(0);

  return {
    /** One operation at a time: the proxies cannot tell two operations' fetches apart. */
    async record(body: string): Promise<RecordedFetch[][]> {
      if (recording) throw new Error('record one operation at a time');
      const fetches: TimedFetch[] = (recording = []);
      try {
        const answer = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await answer.text();
        if (!answer.ok || text.includes('"errors"')) throw new Error(`the recorded operation failed (HTTP ${answer.status}): ${text.slice(0, 500)}`);
        return waves(fetches);
      } finally {
        recording = undefined;
      }
    },
    async stop() {
      await gateway.stop();
      await Promise.all(proxies.map(([, proxy]) => new Promise((resolve) => proxy.close(resolve))));
    },
  };
}
