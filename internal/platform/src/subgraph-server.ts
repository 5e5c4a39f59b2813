import type { BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { formatGraphQLError } from './graphql-errors.js';
import { runProbes, type HealthProbe } from './health.js';
import { listenGraphQL, type GraphQLHttpServerOptions, type RunningServer } from './graphql-http-server.js';
import { buildSchemaFromSdl } from './subgraph-schema.js';
import { gatewayProofAdmission } from './request-admission.js';
import { withRequestScope, type RequestScope } from './request-scope.js';
import { ServiceMetrics } from './service-metrics.js';
import { attachSubscriptionServer, gatewayProofConnectionAdmission } from './subscription-server.js';

export type { RunningServer };

export interface SubgraphServerOptions<Context extends BaseContext> {
  name: string;
  sdl: string;
  resolvers: Readonly<Record<string, unknown>>;
  /** Builds a fresh context per request (fresh DataLoaders), knowing which request it serves, for whom and until when. */
  context: (scope: RequestScope) => Promise<Context> | Context;
  /** SUBGRAPH_SECRET: requests to /graphql must carry a gateway proof signed with it. */
  subgraphSecret: string;
  probes: readonly HealthProbe[];
  healthTimeoutMs?: number;
  /** NODE_ENV's production and the request body limit (readServingEnv). */
  serving?: { production: boolean; maxRequestBytes: number };
  /** Routes beyond /graphql and /health (the runtime's `routes`). */
  routes?: GraphQLHttpServerOptions<Context>['routes'];
  /** Names of the models it serves: their runs are measured into its metrics (batch sizes, queue and compute time). */
  models?: readonly string[];
  /** Its metrics, when the caller made them first (to hand its runtime); a registry of its own otherwise. */
  metrics?: ServiceMetrics;
  /** METRICS_PORT: /metrics also served there, to any address (metrics-server.ts); left out: not. */
  metricsPort?: number;
}

/**
 * Serves one subgraph over HTTP: POST /graphql (Apollo Server over a federation schema, errors
 * coded in one place), answered only for requests that carry the gateway's proof (anything
 * else, `_entities` included, gets 401 before any GraphQL work), GET /health (open: the
 * service's own status, 503 when DOWN), and, when the SDL has a Subscription type, graphql-ws on
 * the same path for the gateway (subscription-server.ts), GET /metrics (Prometheus, loopback
 * only: its requests and its models' runs; `metrics`, where its runtime registers more, such as
 * cache hit counters, and the database client its command timings). No side effects until `listen`.
 */
export function createSubgraphServer<Context extends BaseContext>(options: SubgraphServerOptions<Context>) {
  const startedAt = Date.now();
  const health = () => runProbes(options.name, startedAt, options.probes, options.healthTimeoutMs ?? 3000);
  const context = async (scope: RequestScope) => withRequestScope(await options.context(scope), scope);
  const metrics = options.metrics ?? new ServiceMetrics(options.name);

  return {
    health,
    metrics,
    listen: (port: number, host = '127.0.0.1'): Promise<RunningServer> => {
      const schema = buildSchemaFromSdl(options.sdl, options.resolvers);
      metrics.observeModels(options.models ?? []);
      return listenGraphQL<Context>(
        {
          service: options.name,
          serving: options.serving,
          // A schema with a Subscription type is served over graphql-ws too, on the same port and
          // path, to the gateway only (its proof in connection_init).
          attach: schema.getSubscriptionType()
            ? (httpServer) =>
                attachSubscriptionServer(httpServer, {
                  service: options.name,
                  schema,
                  admit: gatewayProofConnectionAdmission(options.subgraphSecret, options.name),
                  context,
                  production: options.serving?.production ?? false,
                })
            : undefined,
          apollo: {
            schema,
            formatError: formatGraphQLError,
            plugins: [
              ApolloServerPluginLandingPageDisabled(),
              // No Apollo Studio here, so no per-request trace to build.
              ApolloServerPluginInlineTraceDisabled(),
              // No @cacheControl hints anywhere: the plugin's per-field hook (and the resolver
              // wrapping it causes) was 3-7 % of engagement's CPU per prediction. Without its
              // header the gateway takes an answer as uncacheable, as it took its `no-store`.
              ApolloServerPluginCacheControlDisabled(),
            ],
          },
          admit: gatewayProofAdmission(options.subgraphSecret, options.name),
          context,
          health,
          metrics,
          metricsPort: options.metricsPort,
          routes: options.routes,
        },
        port,
        host,
      );
    },
  };
}
