import type { BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { formatGraphQLError } from './graphql-errors.js';
import { runProbes, type HealthProbe } from './health.js';
import { listenGraphQL, type RunningServer } from './graphql-http-server.js';
import { buildSchemaFromSdl } from './subgraph-schema.js';
import { gatewayProofAdmission } from './request-admission.js';
import { withRequestScope, type RequestScope } from './request-scope.js';

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
}

/**
 * Serves one subgraph over HTTP: POST /graphql (Apollo Server over a federation schema, errors
 * coded in one place), answered only for requests that carry the gateway's proof (anything
 * else, `_entities` included, gets 401 before any GraphQL work), and GET /health (open: the
 * service's own status, 503 when DOWN). No side effects until `listen`.
 */
export function createSubgraphServer<Context extends BaseContext>(options: SubgraphServerOptions<Context>) {
  const startedAt = Date.now();
  const health = () => runProbes(options.name, startedAt, options.probes, options.healthTimeoutMs ?? 3000);

  return {
    health,
    listen: (port: number, host = '127.0.0.1'): Promise<RunningServer> =>
      listenGraphQL<Context>(
        {
          service: options.name,
          serving: options.serving,
          apollo: {
            schema: buildSchemaFromSdl(options.sdl, options.resolvers),
            formatError: formatGraphQLError,
            plugins: [
              ApolloServerPluginLandingPageDisabled(),
              // No Apollo Studio here, so no per-request trace to build.
              ApolloServerPluginInlineTraceDisabled(),
            ],
          },
          admit: gatewayProofAdmission(options.subgraphSecret, options.name),
          context: async (scope) => withRequestScope(await options.context(scope), scope),
          health,
        },
        port,
        host,
      ),
  };
}
