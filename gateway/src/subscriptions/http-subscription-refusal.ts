import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Answers a subscription sent over HTTP with 400 OPERATION_NOT_SUPPORTED saying where
 * subscriptions are served, before @apollo/gateway's executor would fail it with its internal
 * "not supported" error (a 500).
 */
export function httpSubscriptionRefusal<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError('subscriptions are served over WebSocket: connect to ws://<gateway>/graphql with the graphql-ws protocol (graphql-transport-ws), not by HTTP', {
            extensions: { code: 'OPERATION_NOT_SUPPORTED', http: { status: 400 } },
          });
        },
      };
    },
  };
}
