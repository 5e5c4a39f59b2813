import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import { graphQLPostHandler, isGraphQLPost, type HttpGuard } from './graphql-post.js';
import { ApolloServer, type ApolloServerOptionsWithGateway, type ApolloServerOptionsWithSchema, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { DEFAULT_MAX_REQUEST_BYTES } from './env.js';
import { exposeError } from './graphql-errors.js';
import type { HealthStatus } from './health.js';
import { jsonErrorHandler } from './http-errors.js';
import { inputErrorFieldsPlugin } from './input-error-fields.js';
import { metricsRoute } from './metrics-route.js';
import { listenMetrics, type MetricsServer } from './metrics-server.js';
import { operationResolutionPlugin } from './operation-resolution.js';
import { admitRequests, checkBodyDigest, recordBodyDigest, scopeOfResponse, type Admit } from './request-admission.js';
import { requestMetricsPlugin } from './request-metrics.js';
import type { RequestScope } from './request-scope.js';
import { ServiceMetrics } from './service-metrics.js';

type Shared = 'plugins' | 'formatError' | 'introspection' | 'parseOptions';

export interface GraphQLHttpServerOptions<Context extends BaseContext> {
  /** The service's name, in its logs. */
  service: string;
  /** `production` hides internal error messages; `maxRequestBytes` bounds the JSON body (413 beyond). */
  serving?: { production: boolean; maxRequestBytes: number };
  /** Checks on POST/GET /graphql before the body is read (a rate limit): each answers the request (true) or lets it through. */
  guards?: HttpGuard[];
  /** What Apollo Server runs: a schema (a subgraph) or a gateway, with any plugins beyond draining. */
  apollo: Pick<ApolloServerOptionsWithSchema<Context>, 'schema' | Shared> | Pick<ApolloServerOptionsWithGateway<Context>, 'gateway' | Shared>;
  /**
   * Decides, from the headers and before any body parsing or GraphQL work, whether a request is
   * served and for whom: the gateway verifies the client's token, a subgraph the gateway's proof.
   */
  admit: Admit;
  /** Builds the context of one request from what admission established (trace, identity, deadline signal). */
  context: (scope: RequestScope) => Context | Promise<Context>;
  /** The report served on GET /health: 503 when its status is DOWN, 200 otherwise. */
  health: () => Promise<{ status: HealthStatus }>;
  /** Mounts further routes (static files, redirects) on the app. */
  routes?: (app: Express) => void;
  /**
   * Serves more on the same HTTP server (a WebSocket endpoint on upgrade): called once, before
   * the server listens; what it returns is disposed when the server drains on stop, alongside
   * the HTTP drain.
   */
  attach?: (httpServer: http.Server) => { dispose(): Promise<void> | void };
  /** The service's metrics, served on GET /metrics (loopback only); a registry of its own when left out. */
  metrics?: ServiceMetrics;
  /**
   * METRICS_PORT: also serve GET /metrics on this port, to any address (metrics-server.ts), for a
   * Prometheus scraping pods in a cluster; 0: any free one. Left out (the default): no such port.
   */
  metricsPort?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** What GET /metrics serves (tests read it directly). */
  metrics: ServiceMetrics;
  /** The metrics port it listens on, when asked for one (`metricsPort`). */
  metricsPort?: number;
  /** Stops accepting requests, lets those in flight finish, closes the server. */
  stop(): Promise<void>;
}

/** A guard as express middleware, for the GraphQL requests express still serves (GET). */
function expressGuard(guard: HttpGuard): RequestHandler {
  return (req, res, next) => void guard(req, res).then((answered) => answered || next(), next);
}

/**
 * Serves GraphQL over HTTP for the gateway and every subgraph: POST /graphql guarded
 * (rate limits) and admitted (401 with a JSON body when refused) before the body is read, then a
 * JSON body limit, GET /health (open; `?probe=live` answers 200 without running the checks, for a
 * liveness probe: see below), GET /metrics (Prometheus, loopback only: metrics-route.ts), in-flight requests drained on stop. Errors are answered as
 * the GraphQL-over-HTTP spec and Apollo's conventions say: JSON always (a malformed or oversized
 * body included), 400 for a document without an operation to run, input errors naming their
 * field, nothing longer than a client needs, no stack traces. Listens on `host:port` (port 0:
 * any free one) and resolves once it does.
 */
export async function listenGraphQL<Context extends BaseContext>(
  options: GraphQLHttpServerOptions<Context>,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const app = express();
  // POST /graphql, every GraphQL request, is served without express (graphql-post.ts); the
  // rest (GET /graphql, /health, /metrics, the routes a service adds) by express.
  let graphqlPost: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | undefined;
  const httpServer = http.createServer((req, res) => {
    if (graphqlPost && isGraphQLPost(req)) void graphqlPost(req, res);
    else app(req, res);
  });
  const { service } = options;
  const { production, maxRequestBytes } = options.serving ?? { production: false, maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES };
  const formatError = options.apollo.formatError;
  const attached = options.attach?.(httpServer);
  const metrics = options.metrics ?? new ServiceMetrics(service);
  const apollo = new ApolloServer<Context>({
    ...options.apollo,
    // Clients get the code, field and message; stack traces stay in our logs.
    includeStacktraceInErrorResponses: false,
    // runService owns SIGINT/SIGTERM; Apollo's own handlers would race it and stall the stop.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Long-lived connections the HTTP drain does not end (WebSockets) are closed by their own server.
      { serverWillStart: async () => ({ drainServer: async () => void (await attached?.dispose()) }) },
      requestMetricsPlugin(metrics),
      operationResolutionPlugin(),
      inputErrorFieldsPlugin(),
      ...(options.apollo.plugins ?? []),
    ],
    formatError: (formatted, error) => exposeError(formatError ? formatError(formatted, error) : formatted, error, { service, production }),
  } as ApolloServerOptionsWithSchema<Context> | ApolloServerOptionsWithGateway<Context>);
  await apollo.start();
  const guards = options.guards ?? [];
  graphqlPost = graphQLPostHandler(apollo, { service, production, maxRequestBytes, guards, admit: options.admit, context: options.context });

  app.get('/health', async (req, res) => {
    // A liveness probe asks only whether this process still serves HTTP. The full report is 503
    // while a dependency (MongoDB, a subgraph) is down, and the services recover from that by
    // themselves: a restart would not help, and restarting every replica at once would hurt.
    if (req.query.probe === 'live') {
      res.status(200).json({ status: 'UP', probe: 'live' });
      return;
    }
    const report = await options.health();
    res.status(report.status === 'DOWN' ? 503 : 200).json(report);
  });
  app.get('/metrics', metricsRoute(metrics));
  options.routes?.(app);
  app.use(
    '/graphql',
    ...guards.map(expressGuard),
    admitRequests(options.admit),
    express.json({ limit: maxRequestBytes, verify: recordBodyDigest }),
    checkBodyDigest,
    expressMiddleware(apollo, { context: async ({ res }) => options.context(scopeOfResponse(res)) }),
  );
  app.use(jsonErrorHandler({ service, production, maxRequestBytes }));

  let metricsServer: MetricsServer | undefined;
  try {
    if (options.metricsPort !== undefined) metricsServer = await listenMetrics(metrics, options.metricsPort, host);
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, host, resolve);
    });
  } catch (error) {
    await metricsServer?.close();
    throw error;
  }
  const actual = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}/graphql`,
    port: actual,
    metrics,
    ...(metricsServer ? { metricsPort: metricsServer.port } : {}),
    stop: async () => {
      await apollo.stop();
      await metricsServer?.close();
      metrics.close();
    },
  };
}
