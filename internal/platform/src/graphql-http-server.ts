import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { ApolloServer, type ApolloServerOptionsWithGateway, type ApolloServerOptionsWithSchema, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { HealthStatus } from './health.js';
import { admitRequests, checkBodyDigest, recordBodyDigest, scopeOfResponse, type Admit } from './request-admission.js';
import type { RequestScope } from './request-scope.js';

/** Largest JSON request body accepted on /graphql (a batch ingest of a long channel history). */
const JSON_BODY_LIMIT = '20mb';

type Shared = 'plugins' | 'formatError' | 'introspection';

export interface GraphQLHttpServerOptions<Context extends BaseContext> {
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
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting requests, lets those in flight finish, closes the server. */
  stop(): Promise<void>;
}

/**
 * Serves GraphQL over HTTP for the gateway and every subgraph: express, POST /graphql admitted
 * first (401 with a JSON body when refused), then a JSON body limit, GET /health (open),
 * in-flight requests drained on stop. Listens on `host:port` (port 0: any free one) and
 * resolves once it does.
 */
export async function listenGraphQL<Context extends BaseContext>(
  options: GraphQLHttpServerOptions<Context>,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    ...options.apollo,
    // Clients get the code, field and message; stack traces stay in our logs.
    includeStacktraceInErrorResponses: false,
    // runService owns SIGINT/SIGTERM; Apollo's own handlers would race it and stall the stop.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ...(options.apollo.plugins ?? [])],
  } as ApolloServerOptionsWithSchema<Context> | ApolloServerOptionsWithGateway<Context>);
  await apollo.start();

  app.get('/health', async (_req, res) => {
    const report = await options.health();
    res.status(report.status === 'DOWN' ? 503 : 200).json(report);
  });
  options.routes?.(app);
  app.use(
    '/graphql',
    admitRequests(options.admit),
    express.json({ limit: JSON_BODY_LIMIT, verify: recordBodyDigest }),
    checkBodyDigest,
    expressMiddleware(apollo, { context: async ({ res }) => options.context(scopeOfResponse(res)) }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, resolve);
  });
  const actual = (httpServer.address() as AddressInfo).port;
  return { url: `http://${host}:${actual}/graphql`, port: actual, stop: () => apollo.stop() };
}
