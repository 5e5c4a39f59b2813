import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { MAX_HOPS, REQUEST_ID_HEADER, readTrace, type RequestTrace } from '@telepulse/platform/request-trace';
import { buildHealthSchema } from './health/schema.js';
import type { Context as HealthContext } from './health/context.js';
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

/** What every operation through the gateway knows: which request it is, and how to check health. */
type Context = HealthContext & { trace: RequestTrace };

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
          // The client learns its request's id, to find it in every service's logs.
          { async requestDidStart({ contextValue }) { return { async willSendResponse({ response }) { response.http.headers.set(REQUEST_ID_HEADER, contextValue.trace.requestId); } }; } },
        ],
      });
      await apollo.start();

      app.get('/health', async (_req, res) => {
        const report = await systemHealth();
        res.status(report.status === 'DOWN' ? 503 : 200).json(report);
      });
      app.use('/graphiql', graphiqlAssets());
      app.use('/graphql', express.json({ limit: '20mb' }), expressMiddleware(apollo, { context: async ({ req }) => ({ checkSystemHealth: systemHealth, trace: admit(readTrace((name) => req.headers[name])) }) }));
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

/** Refuses a request that has bounced between subgraphs and the gateway more than MAX_HOPS times: a loop, not a query. */
function admit(trace: RequestTrace): RequestTrace {
  if (trace.via.length <= MAX_HOPS) return trace;
  throw new GraphQLError(`request ${trace.requestId} came through ${trace.via.join(' → ')}: more than ${MAX_HOPS} hops back through the gateway, refused as a loop`, {
    extensions: { code: 'REQUEST_LOOP', requestId: trace.requestId, via: trace.via, http: { status: 508 } },
  });
}
