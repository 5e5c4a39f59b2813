import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import { listenGraphQL, type RunningServer } from '@telepulse/platform/graphql-http-server';
import type { SubgraphEndpoint } from '@telepulse/platform/subgraph-manifest';
import { buildHealthSchema } from './health/schema.js';
import { GraphQLError } from 'graphql';
import { MAX_HOPS, type RequestTrace } from '@telepulse/platform/request-trace';
import { withRequestScope, type RequestScope } from '@telepulse/platform/request-scope';
import { createUserTokenVerifier, userTokenAdmission, type UserTokenKeys } from './authenticate.js';
import type { Context as HealthContext } from './health/context.js';
import health from './health/subgraph.js';
import { checkSystemHealth, sharedSweeps } from './health/system-health.js';
import { GATEWAY_DEFAULT_DEADLINE_MS, gatewayAdaptation, gatewayLimits, gatewaySubscriptions, gatewayTransport, type AdaptationSettings, type GatewayLimits, type SubgraphTransportSettings } from './env.js';
import type { Context as AdaptationContext } from './adaptation/context.js';
import { startAdaptation } from './adaptation/start-adaptation.js';
import adaptation from './adaptation/subgraph.js';
import { buildAdaptationSchema } from './adaptation/schema.js';
import { INTERNAL_AUDIENCE } from './adaptation/pipeline/loopback-caller.js';
import { HostedDataSource } from './hosted-data-source.js';
import { MeasuredDataSource } from './measured-data-source.js';
import { ServiceMetrics } from '@telepulse/platform/service-metrics';
import { mountDashboard } from './dashboard-route.js';
import { graphiqlAssets, landingPagePlugin, type LandingPage } from './landing-page.js';
import { operationLimits } from './limits/operation-limits.js';
import { rateLimit } from './limits/rate-limit.js';
import { openRateLimitStore, registerRateLimitStoreMetric, type RateLimitStore } from './limits/rate-limit-store.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import type { DedupCounters } from './transport/inflight-dedup.js';
import { registerReplicaMetrics } from './transport/replica-metrics.js';
import type { ReplicaState } from './transport/replica-pool.js';
import { subgraphsOf, supergraphForGateway } from './supergraph.js';
import { httpSubscriptionRefusal } from './subscriptions/http-subscription-refusal.js';
import { SubscriptionPlanner } from './subscriptions/subscription-planner.js';
import { attachSubscriptionEndpoint, type SubscriptionSettings } from './subscriptions/websocket-endpoint.js';

/** What every operation through the gateway knows: which request it is, for whom, until when, how to check health, and the adaptive pipeline. */
type Context = HealthContext & AdaptationContext & RequestScope;

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
  /** Upstream reconnection, keep-alive and slow-consumer settings of subscriptions; the settings' defaults when left out. */
  subscriptions?: SubscriptionSettings;
  /** The adaptive pipeline's schedule, drift trigger and job wait (ADAPTATION_*); left out: runs on demand only (no schedule, no drift trigger). */
  adaptation?: AdaptationSettings;
  /** In-flight deduplication and the connection pool to each subgraph (GATEWAY_DEDUP, SUBGRAPH_MAX_SOCKETS); the settings' defaults when left out. */
  transport?: SubgraphTransportSettings;
  /** The built dashboard served at /dashboard (gateway/dashboard/dist when left out; 503 until it is built). */
  dashboardDir?: string;
  /** METRICS_PORT: /metrics also served there, to any address (platform's metrics-server.ts); left out: not. */
  metricsPort?: number;
}

/** Each remote subgraph's deduplication counters, live (plain numbers a metrics exporter reads on scrape). */
export type DedupCountersBySubgraph = ReadonlyMap<string, DedupCounters>;

/** The subgraphs the gateway runs in its own process, by name. */
const HOSTED: Record<string, () => GraphQLSchema> = { [health.name]: buildHealthSchema, [adaptation.name]: buildAdaptationSchema };

/**
 * The supergraph's single entry point: @apollo/gateway over a composed supergraph, served by
 * Apollo Server at /graphql, with /health for load balancers and the landing page on GET.
 * It verifies the client's bearer token (none: anonymous; invalid: 401) and hands the identity,
 * the trace and the remaining deadline to the subgraphs in a signed proof per fetch; the
 * subgraphs enforce the scopes. Subscriptions are served over WebSocket on the same path
 * (subscriptions/): planned by the supergraph's query planner, opened on the owning subgraph,
 * each event completed from the other subgraphs. No side effects until `listen`.
 */
export function createGatewayServer(options: GatewayOptions) {
  const subgraphs: SubgraphEndpoint[] = subgraphsOf(options.supergraphSdl).map(({ name, url }) => ({ name, url: options.urlOverrides?.[name] ?? url }));
  const urlOf = new Map(subgraphs.map((s) => [s.name, s.url]));
  // Health and adaptation run in this process; every other subgraph is asked over HTTP.
  const remote = subgraphs.filter((s) => !(s.name in HOSTED));
  const healthTimeoutMs = options.healthTimeoutMs ?? 2000;
  const limits = options.limits ?? gatewayLimits();
  // Opened by `listen`: the shared rate-limit store, whose health is the gateway's own.
  let rateStore: RateLimitStore | undefined;
  const systemHealth = sharedSweeps(() => checkSystemHealth(remote, healthTimeoutMs, () => (rateStore ? [rateStore.check()] : [])));
  const deadlineMs = options.deadlineMs ?? GATEWAY_DEFAULT_DEADLINE_MS;
  const verifyUserToken = createUserTokenVerifier(options.userTokens);
  const transport = options.transport ?? gatewayTransport();
  const remoteSources = new Map<string, SubgraphDataSource>();

  return {
    subgraphs,
    systemHealth,
    /** Deduplication hits and misses by subgraph, since `listen` (the objects are updated in place). */
    dedupCounters(): DedupCountersBySubgraph {
      return new Map([...remoteSources].map(([name, source]) => [name, source.dedupCounters]));
    },
    listen(port: number, host = '127.0.0.1'): Promise<RunningServer> {
      // The data sources the gateway builds, kept so subscription events fetch through the very same ones.
      const dataSources = new Map<string, GraphQLDataSource>();
      const metrics = new ServiceMetrics('gateway');
      const replicas = new Map<string, readonly ReplicaState[]>();
      registerReplicaMetrics(metrics.registry, replicas);
      const gateway = new ApolloGateway({
        supergraphSdl: supergraphForGateway(options.supergraphSdl),
        buildService: ({ name, url }) => {
          const hosted = HOSTED[name];
          const inner = hosted ? new HostedDataSource(hosted()) : new SubgraphDataSource(name, urlOf.get(name) ?? url!, deadlineMs, options.subgraphSecret, transport);
          if (inner instanceof SubgraphDataSource) {
            remoteSources.set(name, inner);
            metrics.registerHitCounter(`dedup:${name}`, inner.dedupCounters);
            replicas.set(name, inner.transport.replicas);
          }
          // Every fetch timed into /metrics and carrying the trace context, queries and subscription events alike.
          const source = new MeasuredDataSource(name, inner, metrics);
          dataSources.set(name, source);
          return source;
        },
      });
      let planner: SubscriptionPlanner | undefined;
      gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
        planner = new SubscriptionPlanner(coreSupergraphSdl, apiSchema);
      });
      const subscriptionSettings = options.subscriptions ?? gatewaySubscriptions();
      // The pipeline calls this very gateway; its address is known once it listens.
      let ownUrl: string | undefined;
      const pipeline = startAdaptation({
        settings: options.adaptation ?? { ...gatewayAdaptation(), scheduleMs: 0, onDrift: false },
        url: () => ownUrl!,
        subgraphSecret: options.subgraphSecret,
        deadlineMs,
        planner: () => planner,
        dataSources,
        urlOf: (name) => urlOf.get(name),
        subscriptions: subscriptionSettings,
      });
      const operation = operationLimits<Context>(limits.operation);
      if (limits.rate.redisUrl && limits.rate.requests > 0) {
        rateStore = openRateLimitStore(limits.rate.redisUrl);
        registerRateLimitStoreMetric(metrics.registry, rateStore);
      }
      const rate = rateLimit(limits.rate, rateStore);
      return listenGraphQL<Context>(
        {
          service: 'gateway',
          serving: limits.serving,
          guards: rate ? [rate.guard] : [],
          apollo: {
            gateway,
            introspection: true,
            parseOptions: operation.parseOptions,
            plugins: [landingPagePlugin(options.landingPage ?? 'sandbox', '/graphiql', '/graphql'), httpSubscriptionRefusal(), operation.plugin],
          },
          attach: (httpServer) =>
            attachSubscriptionEndpoint(httpServer, {
              planner: () => planner,
              dataSources,
              urlOf: (name) => urlOf.get(name),
              verifyUserToken,
              operationLimits: operation,
              ...(rate ? { rateLimit: rate } : {}),
              serving: limits.serving,
              deadlineMs,
              subgraphSecret: options.subgraphSecret,
              settings: subscriptionSettings,
            }),
          admit: userTokenAdmission(verifyUserToken, deadlineMs, { subgraphSecret: options.subgraphSecret, audience: INTERNAL_AUDIENCE }),
          // The scope attached too, where the hosted subgraphs' @requiresScopes checks find it.
          context: (scope) => withRequestScope({ ...scope, checkSystemHealth: systemHealth, adaptation: pipeline.coordinator, trace: admit(scope.trace) }, scope),
          health: systemHealth,
          metrics,
          metricsPort: options.metricsPort,
          routes: (app) => {
            app.use('/graphiql', graphiqlAssets());
            mountDashboard(app, options.dashboardDir);
            app.get('/', (_req, res) => res.redirect('/graphql'));
          },
        },
        port,
        host,
      ).then(
        (running) => {
          // Listening on every interface: the pipeline calls in through loopback.
          ownUrl = ['0.0.0.0', '::', ''].includes(host) ? `http://127.0.0.1:${running.port}/graphql` : running.url;
          pipeline.startTriggers();
          // Runs in flight finish their last step and are recorded before the gateway stops answering them.
          return {
            ...running,
            stop: async () => {
              await pipeline.stop();
              await running.stop();
              for (const source of remoteSources.values()) source.close();
              rateStore?.close();
            },
          };
        },
        async (error: unknown) => {
          await pipeline.stop();
          rateStore?.close();
          throw error;
        },
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
