import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { buildHealthSchema } from './health/schema.js';
import type { Context } from './health/context.js';
import { checkSystemHealth } from './health/system-health.js';
import { graphiqlAssets, landingPagePlugin, type LandingPage } from './landing-page.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { subgraphsOf } from './supergraph.js';

export interface GatewayOptions {
  supergraphSdl: string;
  /** Routing URLs by subgraph name, overriding the supergraph's. */
  urlOverrides?: Record<string, string>;
  landingPage?: LandingPage;
  healthTimeoutMs?: number;
  subgraphTimeoutMs?: number;
}

/** Subgraphs the gateway runs in-process rather than over HTTP. */
const LOCAL_SUBGRAPHS = new Set(['health']);

/**
 * The supergraph's single entry point: @apollo/gateway over a composed supergraph, served by
 * Apollo Server at /graphql, with /health for load balancers and the landing page on GET.
 * No side effects until `listen`.
 */
export function createGatewayServer(options: GatewayOptions) {
  const routes = subgraphsOf(options.supergraphSdl).map(({ name, url }) => ({ name, url: options.urlOverrides?.[name] ?? url }));
  const routeOf = new Map(routes.map((r) => [r.name, r.url]));
  const remote = routes.filter((s) => !LOCAL_SUBGRAPHS.has(s.name));
  const healthTimeoutMs = options.healthTimeoutMs ?? 2000;
  const systemHealth = () => checkSystemHealth(remote, healthTimeoutMs);

  return {
    subgraphs: routes,
    systemHealth,
    async listen(port: number, host = '127.0.0.1') {
      const app = express();
      const httpServer = http.createServer(app);
      const healthSchema = buildHealthSchema();
      const gateway = new ApolloGateway({
        supergraphSdl: options.supergraphSdl,
        buildService: ({ name, url }) =>
          LOCAL_SUBGRAPHS.has(name)
            ? new LocalGraphQLDataSource(healthSchema)
            : new SubgraphDataSource(name, routeOf.get(name) ?? url!, options.subgraphTimeoutMs ?? 30_000),
      });
      const apollo = new ApolloServer<Context>({
        gateway,
        introspection: true,
        includeStacktraceInErrorResponses: false,
        // runService owns SIGINT/SIGTERM; Apollo's own handlers would race it and stall the stop.
        stopOnTerminationSignals: false,
        plugins: [
          ApolloServerPluginDrainHttpServer({ httpServer }),
          landingPagePlugin(options.landingPage ?? 'sandbox', '/graphiql', '/graphql'),
        ],
      });
      await apollo.start();

      app.get('/health', async (_req, res) => {
        const report = await systemHealth();
        res.status(report.status === 'DOWN' ? 503 : 200).json(report);
      });
      app.use('/graphiql', graphiqlAssets());
      app.use('/graphql', express.json({ limit: '20mb' }), expressMiddleware(apollo, { context: async () => ({ checkSystemHealth: systemHealth }) }));
      app.get('/', (_req, res) => res.redirect('/graphql'));

      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, resolve);
      });
      const actual = (httpServer.address() as AddressInfo).port;
      return { url: `http://${host}:${actual}/graphql`, port: actual, stop: () => apollo.stop() };
    },
  };
}
