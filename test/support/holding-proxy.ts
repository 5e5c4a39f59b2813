import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy. */
export interface ProxiedRequest {
  body: string;
  /** `gone`: its client closed the connection before it was answered; `answered`: it was forwarded and answered. */
  outcome: Promise<'gone' | 'answered'>;
}

const FORWARDED = ['content-type', 'authorization', 'apollo-require-preflight', 'x-request-id', 'x-telepulse-via'];

/**
 * A real, slow HTTP peer on loopback: forwards POSTs to `upstream`, or, while holding, keeps
 * them waiting until `release()` (or until their client hangs up, which it records). Put
 * between a service and what it calls, it makes that call as slow as a test needs, without
 * touching the service's code.
 */
export async function startHoldingProxy() {
  let upstream: string | undefined;
  let holding = false;
  let releases: (() => void)[] = [];
  const requests: ProxiedRequest[] = [];
  let arrived: ((request: ProxiedRequest) => void)[] = [];

  const server = http.createServer(async (req, res) => {
    let clientGone = false;
    const gone = new Promise<void>((resolve) =>
      res.once('close', () => {
        clientGone = !res.writableFinished;
        resolve();
      }),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let settle!: (outcome: 'gone' | 'answered') => void;
    const request: ProxiedRequest = { body, outcome: new Promise((resolve) => (settle = resolve)) };
    requests.push(request);
    for (const notify of arrived) notify(request);
    arrived = [];

    if (holding) await Promise.race([new Promise<void>((resolve) => releases.push(resolve)), gone]);
    if (clientGone) return settle('gone');
    const headers = Object.fromEntries(FORWARDED.flatMap((name) => (typeof req.headers[name] === 'string' ? [[name, req.headers[name] as string]] : [])));
    const answer = await fetch(upstream!, { method: 'POST', headers, body });
    const text = await answer.text();
    if (clientGone) return settle('gone');
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
    settle('answered');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests,
    /** Where requests go once let through (set it when the upstream is up). */
    forwardTo(url: string) {
      upstream = url;
    },
    /** From now on, requests wait for `release()`. */
    hold() {
      holding = true;
    },
    /** Lets every waiting request through, and stops holding new ones. */
    release() {
      holding = false;
      for (const release of releases) release();
      releases = [];
    },
    /** The next request to arrive. */
    next: () => new Promise<ProxiedRequest>((resolve) => arrived.push(resolve)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
