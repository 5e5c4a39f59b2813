import type { Server } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { useServer } from 'graphql-ws/use/ws';
import { CloseCode } from 'graphql-ws';
import { WebSocketServer } from 'ws';
import { GraphQLError, parse } from 'graphql';
import { listenGraphQL, type RunningServer } from '@telepulse/platform/graphql-http-server';
import { EventBus } from '@telepulse/platform/event-bus';
import type { Identity } from '@telepulse/platform/identity';
import { gatewayProofAdmission } from '@telepulse/platform/request-admission';
import { gatewayProofConnectionAdmission } from '@telepulse/platform/subscription-server';
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
 * live subscriptions and records the identity each connection's proof carried. Unlike the
 * platform's subscription server, stopping it drops its sockets (1001) without completing the
 * subscriptions first, as a crash or graphql-ws's own dispose does: the case the gateway
 * reconnects for.
 */
export async function startAlertsSubgraph(secret: string, port = 0) {
  const bus = new EventBus<Alert>();
  const admit = gatewayProofConnectionAdmission(secret, 'alerts');
  let wss!: WebSocketServer;
  const connections: (Identity | null)[] = [];

  const schema = buildSubgraphSchema([{
    typeDefs: parse(ALERTS_SDL),
    resolvers: {
      Query: { alertCount: () => 0 },
      Subscription: {
        alerts: {
          subscribe: (_: unknown, { minLevel }: { minLevel?: number | null }) => bus.subscribe((alert) => minLevel == null || alert.level >= minLevel),
          resolve: (alert: Alert) => alert,
        },
      },
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
      attach: (httpServer: Server) => {
        wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
        return useServer(
          {
            schema,
            onConnect: async (ctx) => {
              try {
                connections.push((await admit(ctx.connectionParams ?? {})).identity);
                return true;
              } catch (error) {
                ctx.extra.socket.close(CloseCode.Forbidden, (error as Error).message.slice(0, 100));
                return false;
              }
            },
          },
          wss,
        );
      },
    },
    port,
  );
  return {
    server,
    /** Sends `alert` to every live subscription. */
    publish: (alert: Alert) => bus.publish(alert),
    /** Stops reading from (or, `false`, reads again from) every open socket: a peer that went silent, pings unanswered. */
    silence: (silent = true) => wss.clients.forEach((socket) => (silent ? socket.pause() : socket.resume())),
    /** Subscriptions open on this subgraph now. */
    live: () => bus.size,
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
