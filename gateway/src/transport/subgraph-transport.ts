/**
 * How the gateway sends a subgraph fetch: a plain `node:http(s)` POST over a keep-alive pool per
 * subgraph (SUBGRAPH_MAX_SOCKETS connections at most; more fetches queue for a free one), the
 * answer read whole into one buffer. Cheaper per fetch than the global `fetch` (undici's WHATWG
 * streams, Request/Response objects and an AbortSignal timer each time). No compression asked
 * on loopback, where it only costs CPU on both ends; elsewhere gzip is accepted and undone.
 * Deadlines share one timer (deadline-sweeper.ts). A fetch that failed before its connection
 * was even made is told apart (`neverSent`): the replica pool (replica-pool.ts) sends it to
 * another replica.
 */
import http from 'node:http';
import https from 'node:https';
import { gunzipSync } from 'node:zlib';
import { DeadlineSweeper } from './deadline-sweeper.js';

/** A subgraph's answer, read whole. */
export interface SubgraphAnswer {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Raised when the fetch's deadline passed before the answer was read whole; `name` is what describe() in the data source reads as a timeout. */
export class SubgraphTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(url: string, timeoutMs: number) {
    super(`no answer from ${url} within ${timeoutMs} ms`);
  }
}

const sweeper = new DeadlineSweeper();

/** The errors of fetches whose request provably never left this process (see `neverSent`). */
const unsent = new WeakSet<object>();

/**
 * Whether a transport's error is one of a fetch that provably never reached the subgraph: its
 * request was given a new socket whose TCP connection failed (ECONNREFUSED, EHOSTUNREACH,
 * ENETUNREACH, a DNS failure …), so not one byte of it was written. Anything later is not
 * provable: a reset, or a close before the answer, on a reused keep-alive socket looks the same
 * whether the peer closed that idle socket as the request went out (nothing ran) or read the
 * request and then died (SIGKILL, OOM) part way through running it (a mutation may have run).
 * Deadlines are not "never sent" either: the time is gone, whichever replica is asked next.
 */
export function neverSent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && unsent.has(error);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Whether `url` names this machine (no compression there). */
export function isLoopback(url: URL): boolean {
  return LOOPBACK.test(url.hostname);
}

/**
 * How long an idle pooled connection is kept when the subgraph announces no keep-alive timeout.
 * Setting it at all is what matters: Node 20's agent honours a server's `Keep-Alive: timeout=N`
 * (closing its idle socket a second before the server would) only when the agent has a timeout
 * of its own. Without it the gateway kept idle sockets past the subgraphs' 5 s, and a fetch sent
 * on one just as the subgraph closed it failed with ECONNRESET, a query as well (a reset is not
 * provably unsent): `pnpm bench:comprehensive` at 64 clients lost 16 to 47 answers' parts that way.
 */
export const IDLE_SOCKET_TIMEOUT_MS = 30_000;

/** One subgraph's transport: `post(body, headers, timeoutMs)` sends and reads the answer whole, rejecting after `timeoutMs`. */
export function subgraphTransport(url: string, maxSockets: number) {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  // `timeout` applies to idle pooled sockets only (the agent destroys a free socket that times out; deadlines are the sweeper's).
  const agent = new (secure ? https.Agent : http.Agent)({ keepAlive: true, maxSockets, scheduling: 'lifo', timeout: IDLE_SOCKET_TIMEOUT_MS });
  const request = secure ? https.request : http.request;
  const compress = !isLoopback(target);
  // Resolved once: http.request would convert the URL again for every fetch.
  const where = { protocol: target.protocol, hostname: target.hostname.replace(/^\[|\]$/g, ''), port: target.port, path: target.pathname + target.search };

  return {
    agent,
    post(body: string, headers: Record<string, string>, timeoutMs: number): Promise<SubgraphAnswer> {
      return new Promise<SubgraphAnswer>((resolve, reject) => {
        const payload = Buffer.from(body, 'utf8');
        const outgoing = request({
          ...where,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': String(payload.length), ...(compress ? { 'accept-encoding': 'gzip' } : {}) },
        });
        let timedOut: SubgraphTimeoutError | undefined;
        // Whether the request may have left: a reused socket is connected already; a new one once its TCP connection is made.
        let connected = false;
        outgoing.once('socket', (socket) => {
          if (!socket.connecting) connected = true;
          else socket.once('connect', () => (connected = true));
        });
        const release = sweeper.track(Date.now() + timeoutMs, () => outgoing.destroy((timedOut = new SubgraphTimeoutError(url, timeoutMs))));
        // Whichever of the request's or the answer's errors comes first, a fetch ended by its deadline says so.
        const fail = (error: Error) => {
          release();
          if (!connected && !timedOut) unsent.add(error);
          reject(timedOut ?? error);
        };
        outgoing.once('error', fail);
        outgoing.once('response', (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.once('error', fail);
          // Closed before its end (the connection dropped, or the deadline destroyed it): never left pending.
          incoming.once('close', () => incoming.complete || fail(new Error(`the connection to ${url} closed before the answer was complete`)));
          incoming.once('end', () => {
            release();
            try {
              const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
              const encoding = incoming.headers['content-encoding'];
              resolve({ status: incoming.statusCode ?? 0, statusText: incoming.statusMessage ?? '', headers: incoming.headers, body: encoding === 'gzip' ? gunzipSync(raw) : raw });
            } catch (error) {
              reject(error as Error);
            }
          });
        });
        outgoing.end(payload);
      });
    },
    /** Closes the pool's idle connections. */
    close: () => agent.destroy(),
  };
}

export type SubgraphTransport = ReturnType<typeof subgraphTransport>;
