import type { BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { formatGraphQLError } from './graphql-errors.js';
import { runProbes, type HealthProbe } from './health.js';
import { listenGraphQL, type RunningServer } from './graphql-http-server.js';
import { buildSchemaFromSdl } from './subgraph-schema.js';
import type { RequestTrace } from './request-trace.js';

export type { RunningServer };

export interface SubgraphServerOptions<Context extends BaseContext> {
  name: string;
  sdl: string;
  resolvers: Readonly<Record<string, unknown>>;
  /** Builds a fresh context per request (fresh DataLoaders), knowing which request it serves. */
  context: (request: { trace: RequestTrace }) => Promise<Context> | Context;
  probes: readonly HealthProbe[];
  healthTimeoutMs?: number;
  /** NODE_ENV's production and the request body limit (readServingEnv). */
  serving?: { production: boolean; maxRequestBytes: number };
}

/**
 * Serves one subgraph over HTTP: POST /graphql (Apollo Server over a federation schema, errors
 * coded in one place) and GET /health (the service's own status, 503 when DOWN). No side
 * effects until `listen`.
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
          context: options.context,
          health,
        },
        port,
        host,
      ),
  };
}
