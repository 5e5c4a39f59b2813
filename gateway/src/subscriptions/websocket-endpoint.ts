import type { Server } from 'node:http';
import type { GraphQLDataSource } from '@apollo/gateway';
import { CloseCode, type Context as ConnectionContext, type SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { getOperationAST, getVariableValues, GraphQLError, parse, validate, OperationTypeNode, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { bearerToken } from '@telepulse/platform/bearer-token';
import { DomainError, UnauthenticatedError } from '@telepulse/platform';
import { exposeError } from '@telepulse/platform/graphql-errors';
import type { Identity } from '@telepulse/platform/identity';
import { readTrace, type RequestTrace } from '@telepulse/platform/request-trace';
import { callerKey, type RateLimited } from '../limits/rate-limit.js';
import { executeSubscription, type PlannedOperation } from './execute-subscription.js';
import type { SubscriptionPlanner } from './subscription-planner.js';
import { upstreamSubscriptions, type UpstreamSettings } from './upstream-subscriptions.js';

/** The gateway's subscription settings (SUBSCRIPTION_* in env.ts). */
export interface SubscriptionSettings extends UpstreamSettings {
  /** Events an upstream may get ahead of a client before its subscription ends with SUBSCRIPTION_OVERFLOW. */
  maxPendingEvents: number;
}

export interface SubscriptionEndpointOptions {
  /** The planner of the schema the gateway serves now; undefined until it has loaded one. */
  planner: () => SubscriptionPlanner | undefined;
  /** The data sources the gateway's HTTP path fetches through, by subgraph. */
  dataSources: ReadonlyMap<string, GraphQLDataSource>;
  /** Every subgraph's HTTP routing URL (the gateway's overrides applied). */
  urlOf: (subgraph: string) => string | undefined;
  /** The same verification as a bearer token over HTTP. */
  verifyUserToken: (token: string) => Promise<Identity>;
  /** The HTTP operation limits: the same rules, the same token limit. */
  operationLimits: {
    check(schema: ExecutionArgs['schema'], document: DocumentNode): GraphQLError | undefined;
    parseError(error: GraphQLError): GraphQLError;
    parseOptions: { maxLexicalTokens: number };
  };
  /** The HTTP rate limit, one subscribe counted as one request; none when off. */
  rateLimit?: { consume(caller: string): Promise<RateLimited | undefined> };
  /** `production` hides internal error messages; `maxRequestBytes` bounds a message, as it bounds an HTTP body. */
  serving: { production: boolean; maxRequestBytes: number };
  /** How long each event's fetches may take in all (GATEWAY_DEADLINE_MS). */
  deadlineMs: number;
  subgraphSecret: string;
  settings: SubscriptionSettings;
}

/** What the gateway knows of one client connection once admitted. */
interface Connection {
  /** The token from `connectionParams.authorization`, re-verified on each subscribe and each event (it may expire meanwhile). */
  token: string | null;
  identity: Identity | null;
  /** Whom the rate limit counts a subscribe against: the connection's token, else its address. */
  caller: string;
  trace: RequestTrace;
  upstream: ReturnType<typeof upstreamSubscriptions>;
}

/** graphql-ws's context of one connection, over the ws adapter. */
type Ctx = ConnectionContext<Record<string, unknown> | undefined, Extra>;

/**
 * GraphQL subscriptions over WebSocket (the graphql-ws protocol) on the gateway's own HTTP
 * server and path (`/graphql`; ws answers upgrades only, so POST and GET are untouched). A
 * connection is admitted like an HTTP request: the bearer token in `connectionParams.authorization`
 * (`Bearer <token>`) verified by the same function, anonymous when there is none (reads are
 * open), refused with 4403 and the reason when it does not verify. Each subscribe is checked as
 * an HTTP operation is (rate limit, token again, parse with the token limit, validation, depth,
 * aliases, cost …), planned with the supergraph's query planner and run by
 * `executeSubscription`. Only subscriptions are served here: queries and mutations go by HTTP.
 * Errors reach the client coded and masked as over HTTP. `dispose` closes every connection (1001).
 * Tokens travel in the connection's first message, not in cookies, so the upgrade's `Origin`
 * grants nothing and is not checked.
 */
export function attachSubscriptionEndpoint(httpServer: Server, options: SubscriptionEndpointOptions): { dispose(): Promise<void> | void } {
  const connections = new WeakMap<Ctx, Connection>();
  const mask = (error: GraphQLError) => {
    // As Apollo Server formats errors over HTTP: a code for every error, the HTTP status kept to itself.
    const { http: _http, ...extensions } = error.toJSON().extensions ?? {};
    const formatted = { ...error.toJSON(), extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } };
    return exposeError(formatted, error, { service: 'gateway', production: options.serving.production });
  };
  const identityOf = async (token: string | null) => (token ? await options.verifyUserToken(token) : null);

  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: options.serving.maxRequestBytes });
  const server = useServer<Record<string, unknown> | undefined>(
    {
      // graphql-ws's own close reasons for an internal error say only that it happened, in production.
      isProd: options.serving.production,
      onConnect: async (ctx) => {
        let token: string | null;
        let identity: Identity | null;
        try {
          token = bearerToken(authorizationOf(ctx.connectionParams));
          identity = await identityOf(token);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          // 4403 (graphql-ws Forbidden) with the reason; a JWKS that cannot be read: 1013, try again later.
          ctx.extra.socket.close(error instanceof UnauthenticatedError ? CloseCode.Forbidden : 1013, closeReason(error.message));
          return false;
        }
        const { request } = ctx.extra;
        connections.set(ctx, {
          token,
          identity,
          caller: callerKey(token ? `Bearer ${token}` : undefined, request.socket.remoteAddress),
          trace: readTrace((name) => request.headers[name]),
          upstream: upstreamSubscriptions({ urlOf: options.urlOf, subgraphSecret: options.subgraphSecret, identity, timeoutMs: options.deadlineMs, settings: options.settings }),
        });
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const connection = connections.get(ctx);
        if (!connection) return [new GraphQLError('the connection was not admitted', { extensions: { code: 'UNAUTHENTICATED' } })];
        try {
          const refused = await options.rateLimit?.consume(connection.caller);
          if (refused) throw new GraphQLError(refused.message, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: refused.retryAfterSeconds } });
          await identityOf(connection.token).catch(rethrowCoded);
          const planned = prepare(payload, options);
          return { schema: planned.planner.apiSchema, document: planned.document, operationName: planned.operationName, variableValues: planned.variables, contextValue: { planned, connection } };
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
      },
      subscribe: (args) => {
        const { planned, connection } = args.contextValue as { planned: PlannedOperation; connection: Connection };
        return executeSubscription(planned, {
          dataSources: options.dataSources,
          open: connection.upstream.open,
          scopeOfEvent: async () => {
            await identityOf(connection.token).catch(rethrowCoded);
            return { identity: connection.identity, trace: connection.trace, signal: AbortSignal.timeout(options.deadlineMs), deadline: Date.now() + options.deadlineMs };
          },
          maxPendingEvents: options.settings.maxPendingEvents,
        }) as AsyncGenerator<ExecutionResult>;
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(mask) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map(mask),
      onClose: async (ctx) => {
        const connection = connections.get(ctx);
        connections.delete(ctx);
        await connection?.upstream.dispose();
      },
    },
    wss,
  );
  return server;
}

/** Validates and plans one subscribe message, as the HTTP path would check the operation; throws a coded GraphQLError to refuse it. */
function prepare(payload: SubscribePayload, options: SubscriptionEndpointOptions): PlannedOperation & { document: DocumentNode } {
  const planner = options.planner();
  if (!planner) throw new GraphQLError('the gateway has not loaded its schema yet', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
  let document: DocumentNode;
  try {
    document = parse(payload.query, options.operationLimits.parseOptions);
  } catch (error) {
    throw options.operationLimits.parseError(error as GraphQLError);
  }
  const [invalid] = validate(planner.apiSchema, document);
  if (invalid) throw new GraphQLError(invalid.message, { nodes: invalid.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  const operationName = payload.operationName ?? undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    throw new GraphQLError(operationName ? `Unknown operation named "${operationName.slice(0, 100)}".` : 'Must provide operation name if query contains multiple operations.', {
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
    });
  }
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
    throw new GraphQLError(`this WebSocket serves subscriptions only: send a ${operation.operation} by HTTP POST to /graphql`, { extensions: { code: 'OPERATION_NOT_SUPPORTED' } });
  }
  const limited = options.operationLimits.check(planner.apiSchema, document);
  if (limited) throw limited;
  const variables = payload.variables ?? {};
  const coerced = getVariableValues(planner.apiSchema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) {
    const [first] = coerced.errors;
    throw new GraphQLError(first!.message, { nodes: first!.nodes, extensions: { code: 'BAD_USER_INPUT' } });
  }
  // The variables go on as sent, as the HTTP path hands them to the subgraphs.
  return { planner, plan: planner.plan(payload.query, document, operationName), source: payload.query, operationName, variables, document };
}

/** The `authorization` of a connection's `connection_init` payload (`Authorization` also taken); a value that is not a string is refused. */
function authorizationOf(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new UnauthenticatedError('connectionParams.authorization must be a string: `Bearer <token>`');
  return value;
}

/** A domain error (an expired token) as the GraphQL error a subscriber gets. */
function rethrowCoded(error: unknown): never {
  if (error instanceof DomainError) throw new GraphQLError(error.message, { extensions: { ...error.details, code: error.code } });
  throw error;
}

/** A WebSocket close reason is at most 123 bytes. */
function closeReason(message: string): string {
  const bytes = Buffer.from(message);
  return bytes.length <= 123 ? message : `${bytes.subarray(0, 120).toString().replace(/\uFFFD$/, '')}...`;
}
