import type http from 'node:http';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { bearerToken } from './bearer-token.js';
import { DomainError, UnauthenticatedError } from './errors.js';
import { bodySha256, verifyGatewayProof } from './gateway-proof.js';
import { exposeError, formatGraphQLError } from './graphql-errors.js';
import type { Identity } from './identity.js';
import type { RequestScope } from './request-scope.js';
import type { RequestTrace } from './request-trace.js';

/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) on the same HTTP server and
 * path as POST /graphql: `ws` handles only the `upgrade`, so HTTP requests are untouched.
 *
 * Admission happens once per connection, on `connection_init`: `admit` reads its payload and
 * says for whom the connection is served; refusing (throwing UnauthenticatedError) closes it with
 * 4403 Forbidden, before any operation. Each operation then runs with a context built from that
 * scope, like an HTTP request's, whose signal aborts when the socket closes.
 *
 * Stopping closes every socket with 1001 Going away and does not `complete` the subscriptions on
 * it: a stop is a restart or a move as far as a client can tell, and `complete` would tell it the
 * subscription is over for good. The gateway's upstream client takes 1001 as a dropped connection,
 * reconnects and subscribes again (or, when the service stays away, ends its clients'
 * subscriptions with SERVICE_UNAVAILABLE). The iterators are then returned, freeing their feeds.
 */

/** What a connection was admitted as. */
export interface ConnectionAdmission {
  identity: Identity | null;
  trace: RequestTrace;
}

export interface SubscriptionServerOptions<Context> {
  service: string;
  schema: GraphQLSchema;
  /** Default `/graphql`. */
  path?: string;
  /** Decides from the `connection_init` payload; throw UnauthenticatedError to refuse (closed 4403). */
  admit: (connectionParams: Readonly<Record<string, unknown>>) => Promise<ConnectionAdmission>;
  /** The context of one operation, as an HTTP request's is built. */
  context: (scope: RequestScope) => Context | Promise<Context>;
  production: boolean;
}

export interface AttachedSubscriptions {
  /** Open WebSocket connections. */
  readonly connections: number;
  dispose(): Promise<void>;
}

interface ConnectionState {
  scope?: RequestScope;
  abort: AbortController;
  /** Ends of the operations running on it (each makes its iterator report done). */
  running: Map<string, () => void>;
}

/** Attaches graphql-ws to `httpServer` at `path`; returns how to stop it. */
export function attachSubscriptionServer<Context extends object>(httpServer: http.Server, options: SubscriptionServerOptions<Context>): AttachedSubscriptions {
  const wss = new WebSocketServer({ server: httpServer, path: options.path ?? '/graphql' });
  const states = new Set<ConnectionState>();
  const stateOf = (extra: object): ConnectionState => (extra as { state: ConnectionState }).state;
  const format = (error: GraphQLError) =>
    exposeError(formatGraphQLError(error.toJSON(), error), error, { service: options.service, production: options.production });

  const server = useServer<Record<string, unknown>, { state: ConnectionState }>(
    {
      schema: options.schema,
      isProd: options.production,
      onConnect: async (ctx) => {
        const state: ConnectionState = { abort: new AbortController(), running: new Map() };
        (ctx.extra as { state?: ConnectionState }).state = state;
        try {
          const admitted = await options.admit(ctx.connectionParams ?? {});
          state.scope = { trace: admitted.trace, identity: admitted.identity, signal: state.abort.signal, deadline: Number.POSITIVE_INFINITY };
        } catch (error) {
          if (error instanceof DomainError) {
            console.warn(`[${options.service}] subscription connection refused: ${error.message}`);
            return false;
          }
          throw error;
        }
        states.add(state);
        return true;
      },
      onClose: (ctx) => {
        const state = stateOf(ctx.extra);
        state?.abort.abort();
        if (state) states.delete(state);
      },
      context: async (ctx) => {
        const state = stateOf(ctx.extra);
        return options.context(state.scope!) as Context & Record<PropertyKey, unknown>;
      },
      onOperation: (ctx, id, _payload, _args, result) => {
        if (!(typeof result === 'object' && result !== null && Symbol.asyncIterator in result)) return result;
        const { iterator, end } = endable(result as AsyncIterableIterator<unknown>);
        const state = stateOf(ctx.extra);
        state.running.set(id, end);
        return iterator as never;
      },
      // Errors leave coded and bounded, as they do over HTTP.
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(format) } : result),
      onComplete: (ctx, id) => {
        stateOf(ctx.extra)?.running.delete(id);
      },
    },
    wss,
  );

  return {
    get connections() {
      return wss.clients.size;
    },
    async dispose() {
      await server.dispose();
      // graphql-ws returns an operation's iterator when its socket closes; end any left, so no feed keeps a subscriber.
      for (const end of [...states].flatMap((s) => [...s.running.values()])) end();
    },
  };
}

/**
 * Wraps an event iterator so it can be ended from outside while a reader waits: its pending
 * next() then resolves with done (and the source is returned), which graphql-ws answers with
 * `complete`.
 */
function endable<T>(source: AsyncIterableIterator<T>): { iterator: AsyncGenerator<T, undefined>; end: () => void } {
  let ended = false;
  let wake: ((r: IteratorResult<T, undefined>) => void) | null = null;
  const end = () => {
    if (ended) return;
    ended = true;
    wake?.({ value: undefined, done: true });
    void source.return?.();
  };
  const iterator = {
    next: (): Promise<IteratorResult<T, undefined>> => {
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return Promise.race([source.next() as Promise<IteratorResult<T, undefined>>, new Promise<IteratorResult<T, undefined>>((r) => (wake = r))]);
    },
    return: async (): Promise<IteratorResult<T, undefined>> => {
      end();
      return { value: undefined, done: true };
    },
    throw: async (error: unknown): Promise<IteratorResult<T, undefined>> => {
      end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return { iterator: iterator as unknown as AsyncGenerator<T, undefined>, end };
}

/** The protocol's stand-in for a body: a gateway proof for a WebSocket connection hashes this string. */
export const SUBSCRIPTION_PROOF_BODY = 'graphql-ws';

/**
 * A subgraph's WebSocket admission: `connection_init` must carry `{ authorization: "Bearer <proof>" }`,
 * a gateway proof for this subgraph minted over `bodySha256('graphql-ws')`.
 */
export function gatewayProofConnectionAdmission(secret: string, subgraph: string) {
  return async (params: Readonly<Record<string, unknown>>): Promise<ConnectionAdmission> => {
    const header = params.authorization ?? params.Authorization;
    const token = typeof header === 'string' ? bearerToken(header) : undefined;
    if (!token) throw new UnauthenticatedError(`the ${subgraph} subgraph answers the gateway only: this connection carries no gateway proof in connection_init's authorization`);
    const proof = await verifyGatewayProof(secret, subgraph, token);
    if (proof.bodySha256 !== bodySha256(SUBSCRIPTION_PROOF_BODY)) throw new UnauthenticatedError('the gateway proof was minted for another request, not a WebSocket connection');
    return { identity: proof.identity, trace: proof.trace };
  };
}
