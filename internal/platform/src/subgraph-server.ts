import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';

export type { GraphQLResolverMap };
import type { DocumentNode } from 'graphql';
import { formatGraphQLError } from './graphql-errors.js';
import { runProbes, type HealthProbe } from './health.js';
import { readTrace, type RequestTrace } from './request-trace.js';

export interface SubgraphServerOptions<Context extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<Context>;
  /** Builds a fresh context per request (fresh DataLoaders), knowing which request it serves. */
  context: (request: { trace: RequestTrace }) => Promise<Context> | Context;
  probes: readonly HealthProbe[];
  healthTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves one subgraph over HTTP: POST /graphql (Apollo Server over a federation schema) and
 * GET /health (the service's own status, 503 when DOWN). No side effects until `listen`.
 */
export function createSubgraphServer<Context extends BaseContext>(options: SubgraphServerOptions<Context>) {
  const startedAt = Date.now();
  const health = () => runProbes(options.name, startedAt, options.probes, options.healthTimeoutMs ?? 3000);

  return {
    health,
    async listen(port: number, host = '127.0.0.1'): Promise<RunningServer> {
      const app = express();
      const httpServer = http.createServer(app);
      const apollo = new ApolloServer<Context>({
        schema: buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap }]),
        formatError: formatGraphQLError,
        // Clients get the code, field and message; stack traces stay in our logs.
        includeStacktraceInErrorResponses: false,
        // runService owns SIGINT/SIGTERM; Apollo's own handlers would race it and stall the stop.
        stopOnTerminationSignals: false,
        plugins: [
          ApolloServerPluginDrainHttpServer({ httpServer }),
          ApolloServerPluginLandingPageDisabled(),
          // No Apollo Studio here, so no per-request trace to build.
          ApolloServerPluginInlineTraceDisabled(),
        ],
      });
      await apollo.start();

      app.get('/health', async (_req, res) => {
        const report = await health();
        res.status(report.status === 'DOWN' ? 503 : 200).json(report);
      });
      app.use('/graphql', express.json({ limit: '20mb' }), expressMiddleware(apollo, { context: async ({ req }) => options.context({ trace: readTrace((name) => req.headers[name]) }) }));

      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, resolve);
      });
      const actual = (httpServer.address() as AddressInfo).port;
      return {
        url: `http://${host}:${actual}/graphql`,
        port: actual,
        stop: () => apollo.stop(),
      };
    },
  };
}
