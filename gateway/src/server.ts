import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { listenGraphQL, type RunningServer } from '@telepulse/platform/graphql-http-server';
import type { SubgraphEndpoint } from '@telepulse/platform/subgraph-manifest';
import { buildHealthSchema } from './health/schema.js';
import { GraphQLError } from 'graphql';
import { MAX_HOPS, type RequestTrace } from '@telepulse/platform/request-trace';
import type { RequestScope } from '@telepulse/platform/request-scope';
import { createUserTokenVerifier, userTokenAdmission, type UserTokenKeys } from './authenticate.js';
import type { Context as HealthContext } from './health/context.js';
import health from './health/subgraph.js';
import { checkSystemHealth } from './health/system-health.js';
import { GATEWAY_DEFAULT_DEADLINE_MS, gatewayLimits, type GatewayLimits } from './env.js';
import { graphiqlAssets, landingPagePlugin, type LandingPage } from './landing-page.js';
import { operationLimits } from './limits/operation-limits.js';
import { rateLimitGuard } from './limits/rate-limit.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { subgraphsOf, supergraphForGateway } from './supergraph.js';

/** What every operation through the gateway knows: which request it is, for whom, until when, and how to check health. */
type Context = HealthContext & RequestScope;

export interface GatewayOptions {
  supergraphSdl: string;
  /** Routing URLs by subgraph name, overriding the supergraph's. */
  urlOverrides?: Record<string, string>;
  landingPage?: LandingPage;
  healthTimeoutMs?: number;
  /** Operation, body and rate limits; the settings' defaults when left out. */
  limits?: GatewayLimits;
  /** How long one request may take in all (GATEWAY_DEADLINE_MS); each subgraph fetch gets what is left. Default 30 s. */
  deadlineMs?: number;
  /** Keys of client tokens (AUTH_JWT_SECRET and/or AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE). */
  userTokens: UserTokenKeys;
  /** SUBGRAPH_SECRET: every subgraph fetch carries a proof signed with it. */
  subgraphSecret: string;
}

/**
 * The supergraph's single entry point: @apollo/gateway over a composed supergraph, served by
 * Apollo Server at /graphql, with /health for load balancers and the landing page on GET.
 * It verifies the client's bearer token (none: anonymous; invalid: 401) and hands the identity,
 * the trace and the remaining deadline to the subgraphs in a signed proof per fetch; the
 * subgraphs enforce the scopes. No side effects until `listen`.
 */
export function createGatewayServer(options: GatewayOptions) {
  const subgraphs: SubgraphEndpoint[] = subgraphsOf(options.supergraphSdl).map(({ name, url }) => ({ name, url: options.urlOverrides?.[name] ?? url }));
  const urlOf = new Map(subgraphs.map((s) => [s.name, s.url]));
  // The health subgraph runs in this process; every other one is asked over HTTP.
  const remote = subgraphs.filter((s) => s.name !== health.name);
  const healthTimeoutMs = options.healthTimeoutMs ?? 2000;
  const systemHealth = () => checkSystemHealth(remote, healthTimeoutMs);
  const limits = options.limits ?? gatewayLimits();
  const deadlineMs = options.deadlineMs ?? GATEWAY_DEFAULT_DEADLINE_MS;
  const verifyUserToken = createUserTokenVerifier(options.userTokens);

  return {
    subgraphs,
    systemHealth,
    listen(port: number, host = '127.0.0.1'): Promise<RunningServer> {
      const healthSchema = buildHealthSchema();
      const gateway = new ApolloGateway({
        supergraphSdl: supergraphForGateway(options.supergraphSdl),
        buildService: ({ name, url }) =>
          name === health.name
            ? new LocalGraphQLDataSource(healthSchema)
            : new SubgraphDataSource(name, urlOf.get(name) ?? url!, deadlineMs, options.subgraphSecret),
      });
      const operation = operationLimits<Context>(limits.operation);
      const rateLimit = rateLimitGuard(limits.rate);
      return listenGraphQL<Context>(
        {
          service: 'gateway',
          serving: limits.serving,
          guards: rateLimit ? [rateLimit] : [],
          apollo: {
            gateway,
            introspection: true,
            parseOptions: operation.parseOptions,
            plugins: [landingPagePlugin(options.landingPage ?? 'sandbox', '/graphiql', '/graphql'), operation.plugin],
          },
          admit: userTokenAdmission(verifyUserToken, deadlineMs),
          context: (scope) => ({ ...scope, checkSystemHealth: systemHealth, trace: admit(scope.trace) }),
          health: systemHealth,
          routes: (app) => {
            app.use('/graphiql', graphiqlAssets());
            app.get('/', (_req, res) => res.redirect('/graphql'));
          },
        },
        port,
        host,
      );
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
