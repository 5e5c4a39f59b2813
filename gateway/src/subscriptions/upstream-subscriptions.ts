import { createClient, type Client } from 'graphql-ws';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import WebSocket from 'ws';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { bodySha256, signGatewayProof } from '@telepulse/platform/gateway-proof';
import type { Identity } from '@telepulse/platform/identity';
import { readTrace } from '@telepulse/platform/request-trace';
import { replicaUrls } from '../transport/replica-urls.js';

/** What the gateway asks a subgraph to subscribe to: the plan's primary operation. */
export interface UpstreamRequest {
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
}

/** Where an upstream subscription's events, its failure (a coded GraphQLError) and its end go. */
export interface UpstreamSink {
  next(event: GatewayGraphQLResponse): void;
  error(error: GraphQLError): void;
  complete(): void;
}

/** Opens a subscription on a subgraph; the function it returns ends it (the subgraph frees it). */
export type OpenUpstream = (subgraph: string, request: UpstreamRequest, sink: UpstreamSink) => () => void;

export interface UpstreamSettings {
  /** Pings on an idle upstream socket this often (ms), and reconnects when no pong comes within as long; 0: never. */
  keepAliveMs: number;
  /** Reconnections tried after the upstream socket drops, before the subscription fails. */
  retryAttempts: number;
  /** The first reconnection's wait (ms), doubled for each further one (up to 30 s). */
  retryWaitMs: number;
}

/** A subgraph's WebSocket URL: its HTTP routing URL with ws:// (wss:// for https://), the same path. */
export function webSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`a subgraph's routing URL must be http(s) to derive its WebSocket URL, got ${httpUrl}`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** The close code a subgraph refuses a connection's gateway proof with (graphql-ws Forbidden): retrying with the same secret cannot help. */
const FORBIDDEN = 4403;

/**
 * The upstream side of one client connection: one lazy graphql-ws client per subgraph it
 * subscribes through (opened with its first subscription, closed after its last), each
 * authenticated by a gateway proof in its `connection_init` payload, minted for that subgraph,
 * for the client's identity, over `bodySha256('graphql-ws')`, fresh on every (re)connection.
 * A dropped socket is reconnected `retryAttempts` times and the subscriptions resumed (events
 * sent meanwhile are lost); after that, or on a refusal, each subscription fails with a coded
 * error. `dispose` closes every socket (the client went away). A subgraph with several replicas
 * (its routing URL lists them) is connected to at the first; a socket that failed or dropped
 * is reconnected at the next one in the list (a subscription lives on one replica at a time).
 */
export function upstreamSubscriptions(options: {
  /** The subgraph's HTTP routing URL (with the gateway's overrides). */
  urlOf: (subgraph: string) => string | undefined;
  subgraphSecret: string;
  /** The client's verified identity, which the subgraph acts for; null: anonymous. */
  identity: Identity | null;
  /** The proof's deadline: how long the subgraph gives the connection's setup. */
  timeoutMs: number;
  settings: UpstreamSettings;
}): { open: OpenUpstream; dispose(): Promise<void> } {
  const clients = new Map<string, Client>();
  const { settings } = options;

  const clientOf = (subgraph: string): Client => {
    const existing = clients.get(subgraph);
    if (existing) return existing;
    const url = options.urlOf(subgraph);
    if (!url) throw new GraphQLError(`the ${subgraph} subgraph has no routing URL`, { extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: subgraph } });
    // A ping left unanswered for a keep-alive period drops the socket (1006, which is retried), so a
    // subgraph that vanished without closing it (a killed host) is reconnected to, not waited on.
    let socket: WebSocket | undefined;
    let pongDue: NodeJS.Timeout | undefined;
    const replicas = replicaUrls(url).map(webSocketUrl);
    let replica = 0;
    const client = createClient({
      url: replicas.length === 1 ? replicas[0]! : () => replicas[replica]!,
      webSocketImpl: WebSocket,
      lazy: true,
      keepAlive: settings.keepAliveMs,
      retryAttempts: settings.retryAttempts,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(settings.retryWaitMs * 2 ** retries, 30_000))),
      // A socket that could not even open (refused) fails the subscription with one replica; with several, the next is tried.
      shouldRetry: (closeEvent) => (isCloseEvent(closeEvent) ? closeEvent.code !== FORBIDDEN : replicas.length > 1),
      on: {
        connected: (connected) => (socket = connected as WebSocket),
        ping: (received) => {
          if (received) return;
          clearTimeout(pongDue);
          // Terminated, not closed: a closing handshake with a peer that reads nothing would itself wait 30 s.
          pongDue = setTimeout(() => socket?.terminate(), settings.keepAliveMs);
        },
        pong: (received) => void (received && clearTimeout(pongDue)),
        closed: (event) => {
          clearTimeout(pongDue);
          // Not a normal close (1000, the last subscription ended): the next connection tries the next replica.
          if (!isCloseEvent(event) || event.code !== 1000) replica = (replica + 1) % replicas.length;
        },
      },
      connectionParams: async () => ({
        authorization: `Bearer ${await signGatewayProof(options.subgraphSecret, {
          audience: subgraph,
          identity: options.identity,
          trace: readTrace(() => undefined),
          timeoutMs: options.timeoutMs,
          bodySha256: bodySha256('graphql-ws'),
        })}`,
      }),
    });
    clients.set(subgraph, client);
    return client;
  };

  const open: OpenUpstream = (subgraph, request, sink) => {
    let client: Client;
    try {
      client = clientOf(subgraph);
    } catch (error) {
      sink.error(error as GraphQLError);
      return () => undefined;
    }
    return client.subscribe(request, {
      next: (event) => sink.next(event as GatewayGraphQLResponse),
      error: (error) => sink.error(upstreamFailure(subgraph, error, settings.retryAttempts)),
      complete: () => sink.complete(),
    });
  };

  return {
    open,
    async dispose() {
      const disposing = [...clients.values()].map((client) => client.dispose());
      clients.clear();
      await Promise.all(disposing);
    },
  };
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;
}

/**
 * Why an upstream subscription failed, as the client is told: the subgraph's own errors (it
 * refused the operation) with their codes, SERVICE_UNAVAILABLE for a socket that stayed closed
 * or could not be opened, FORBIDDEN when the subgraph refused the gateway's proof.
 */
export function upstreamFailure(subgraph: string, error: unknown, retryAttempts: number): GraphQLError {
  if (Array.isArray(error) && error.length > 0) {
    const [first] = error as GraphQLFormattedError[];
    const more = error.length > 1 ? ` (and ${error.length - 1} more)` : '';
    return new GraphQLError(`the ${subgraph} subgraph refused the subscription: ${first!.message}${more}`, {
      extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', ...first!.extensions, serviceName: subgraph },
    });
  }
  if (isCloseEvent(error) && error.code === FORBIDDEN) {
    return new GraphQLError(`the ${subgraph} subgraph refused the gateway's subscription connection (4403 ${error.reason})`, {
      extensions: { code: 'FORBIDDEN', serviceName: subgraph },
    });
  }
  const how = isCloseEvent(error) ? `its connection closed (${error.code}${error.reason ? ` ${error.reason}` : ''})` : `its connection failed (${(error as Error)?.message ?? String(error)})`;
  return new GraphQLError(`the ${subgraph} subgraph's subscription ended: ${how} and ${retryAttempts} reconnection attempts did not restore it`, {
    extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: subgraph },
  });
}
