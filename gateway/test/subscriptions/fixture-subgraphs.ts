import type { Server } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { useServer } from 'graphql-ws/use/ws';
import { CloseCode } from 'graphql-ws';
import { WebSocketServer } from 'ws';
import { GraphQLError, parse } from 'graphql';
import { listenGraphQL, type RunningServer } from '@telepulse/platform/graphql-http-server';
import { bearerToken } from '@telepulse/platform/bearer-token';
import { bodySha256, verifyGatewayProof } from '@telepulse/platform/gateway-proof';
import type { Identity } from '@telepulse/platform/identity';
import { gatewayProofAdmission } from '@telepulse/platform/request-admission';
import type { RequestScope } from '@telepulse/platform/request-scope';
import { ALERTS_SDL, ITEMS_SDL } from './fixture-supergraph.js';

export interface Alert {
  id: string;
  level: number;
  note?: string;
  itemId: string;
}

/**
 * The `alerts` subgraph of the fixture: Subscription.alerts over graphql-ws on its /graphql (the
 * gateway's proof required in `connection_init`, 4403 otherwise), fed by `publish`. It counts its
 * live subscriptions and records the identity each connection's proof carried.
 */
export async function startAlertsSubgraph(secret: string, port = 0) {
  const listeners = new Set<(alert: Alert) => void>();
  const connections: (Identity | null)[] = [];
  let live = 0;

  // An iterator of its own rather than an async generator: graphql-ws ends a subscription with
  // return(), which a generator waiting for the next alert would only see at its next yield.
  function alerts(minLevel: number | undefined): AsyncIterableIterator<{ alerts: Alert }> {
    const pending: Alert[] = [];
    let waiting: ((result: IteratorResult<{ alerts: Alert }>) => void) | undefined;
    let ended = false;
    const listener = (alert: Alert) => {
      if (minLevel !== undefined && alert.level < minLevel) return;
      if (!waiting) return void pending.push(alert);
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: { alerts: alert }, done: false });
    };
    const end = () => {
      if (ended) return;
      ended = true;
      listeners.delete(listener);
      live -= 1;
      waiting?.({ value: undefined, done: true });
    };
    listeners.add(listener);
    live += 1;
    return {
      next: () => {
        if (pending.length > 0) return Promise.resolve({ value: { alerts: pending.shift()! }, done: false });
        if (ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: async () => (end(), { value: undefined, done: true }),
      throw: async (error: unknown) => {
        end();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  const schema = buildSubgraphSchema([{
    typeDefs: parse(ALERTS_SDL),
    resolvers: {
      Query: { alertCount: () => 0 },
      Subscription: { alerts: { subscribe: (_: unknown, args: { minLevel?: number }) => alerts(args.minLevel ?? undefined) } },
      Alert: { item: (alert: Alert) => ({ __typename: 'Item', id: alert.itemId }) },
    } as never,
  }]);
  const server = await listenGraphQL(
    {
      service: 'alerts',
      apollo: { schema, plugins: [ApolloServerPluginInlineTraceDisabled()] },
      admit: gatewayProofAdmission(secret, 'alerts'),
      context: (scope: RequestScope) => scope,
      health: async () => ({ status: 'UP' as const }),
      attach: (httpServer: Server) =>
        useServer(
          {
            schema,
            onConnect: async (ctx) => {
              try {
                const proof = await verifyGatewayProof(secret, 'alerts', bearerToken(ctx.connectionParams?.authorization as string) ?? '');
                if (proof.bodySha256 !== bodySha256('graphql-ws')) throw new Error('the proof is not for a WebSocket');
                connections.push(proof.identity);
                return true;
              } catch (error) {
                ctx.extra.socket.close(CloseCode.Forbidden, (error as Error).message.slice(0, 100));
                return false;
              }
            },
          },
          new WebSocketServer({ server: httpServer, path: '/graphql' }),
        ),
    },
    port,
  );
  return {
    server,
    /** Sends `alert` to every live subscription. */
    publish: (alert: Alert) => listeners.forEach((listener) => listener(alert)),
    /** Subscriptions open on this subgraph now. */
    live: () => live,
    /** The identity each admitted connection's proof carried, in order. */
    connections,
  };
}

/**
 * The `items` subgraph: Item's fields over HTTP, behind the gateway proof. An item named
 * `broken` fails; one whose id is in `held` waits until released. Records the identity each
 * entity fetch acted for.
 */
export async function startItemsSubgraph(secret: string) {
  const fetchedFor: (Identity | null)[] = [];
  const held = new Map<string, Promise<void>>();
  const schema = buildSubgraphSchema([{
    typeDefs: parse(ITEMS_SDL),
    resolvers: {
      Query: { item: (_: unknown, { id }: { id: string }) => ({ id }) },
      Item: {
        __resolveReference: (ref: { id: string }, scope: RequestScope) => (fetchedFor.push(scope.identity), ref),
        name: async ({ id }: { id: string }) => {
          await held.get(id);
          if (id === 'broken') throw new GraphQLError('the item store failed', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
          return `item ${id}`;
        },
        owner: ({ id }: { id: string }) => `owner of ${id}`,
      },
    } as never,
  }]);
  const server: RunningServer = await listenGraphQL(
    {
      service: 'items',
      apollo: { schema, plugins: [ApolloServerPluginInlineTraceDisabled()] },
      admit: gatewayProofAdmission(secret, 'items'),
      context: (scope: RequestScope) => scope,
      health: async () => ({ status: 'UP' as const }),
    },
    0,
  );
  return {
    server,
    fetchedFor,
    /** Makes the fetches of `id`'s name wait until the returned function is called. */
    hold(id: string): () => void {
      let release!: () => void;
      held.set(id, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        held.delete(id);
        release();
      };
    },
  };
}
