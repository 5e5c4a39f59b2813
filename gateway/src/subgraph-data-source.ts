import type { IncomingHttpHeaders } from 'node:http';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import { bodySha256, signGatewayProof } from '@telepulse/platform/gateway-proof';
import type { RequestScope } from '@telepulse/platform/request-scope';
import { readTrace } from '@telepulse/platform/request-trace';
import { SUBGRAPH_DEFAULT_MAX_SOCKETS, type SubgraphTransportSettings } from './env.js';
import { dedupKey, InFlightDedup, type DedupCounters } from './transport/inflight-dedup.js';
import { replicaPool, type ReplicaPool } from './transport/replica-pool.js';
import { replicaUrls } from './transport/replica-urls.js';
import type { SubgraphAnswer } from './transport/subgraph-transport.js';
import { unansweredFieldErrors } from './unanswered-fields.js';

/**
 * How much sooner than the gateway a subgraph's deadline falls: the subgraph counts its budget
 * from when the request reaches it, so without this margin it could still be writing when the
 * gateway, counting from when it sent, has already answered the client.
 */
export const SUBGRAPH_DEADLINE_MARGIN_MS = 100;

/**
 * A remote subgraph with a deadline. When the subgraph cannot be reached, does not answer in
 * time or fails without a GraphQL answer, each field the fetch asked for gets a
 * SERVICE_UNAVAILABLE error naming the subgraph, at that field's path (unanswered-fields.ts), and
 * the gateway still returns whatever the other subgraphs gave (partial results).
 * A refusal the subgraph explains with GraphQL errors (a 400 for an input that does not parse,
 * a 413, a 401 or 403) reaches the client as those errors, codes and fields kept: not an outage.
 * Every fetch carries a gateway proof (gateway-proof.ts): the only kind of request a subgraph
 * answers. Fetches go over a keep-alive pool of the subgraph's own (transport/), and identical
 * query fetches of the same caller in flight together share one request (GATEWAY_DEDUP).
 *
 * It sends as RemoteGraphQLDataSource does (the same body, a non-2xx answer the same
 * GraphQLError with `extensions.response`, the subgraph's cache-control applied to the
 * request's cache policy) without that class's per-fetch node-fetch Headers and Request, built
 * there for hooks this one does not use (~5 % of the gateway's CPU per prediction).
 */
export class SubgraphDataSource implements GraphQLDataSource<Partial<RequestScope>> {
  /** The subgraph's replicas (one, or those its routing URL lists), each with a keep-alive pool of its own. */
  readonly transport: ReplicaPool;
  /** Query fetches in flight, shared by identical ones of the same caller; absent when GATEWAY_DEDUP is off. */
  private readonly dedup: InFlightDedup<GatewayGraphQLResponse> | undefined;

  constructor(
    readonly name: string,
    /** Its routing URL: one, or its replicas' separated by commas (transport/replica-urls.ts). */
    private readonly url: string,
    /** The gateway's deadline for a whole request (GATEWAY_DEADLINE_MS); a fetch gets what is left of it. */
    private readonly timeoutMs: number,
    /** SUBGRAPH_SECRET, which the proofs are signed with. */
    private readonly subgraphSecret: string,
    transport: SubgraphTransportSettings = { dedup: true, maxSockets: SUBGRAPH_DEFAULT_MAX_SOCKETS },
  ) {
    this.transport = replicaPool(replicaUrls(url), transport.maxSockets);
    this.dedup = transport.dedup ? new InFlightDedup() : undefined;
  }

  /** This subgraph's deduplication counters (zero when it is off). */
  get dedupCounters(): DedupCounters {
    return this.dedup?.counters ?? { hits: 0, misses: 0 };
  }

  /** Closes the idle connections of the pool. */
  close(): void {
    this.transport.close();
  }

  /**
   * A query fetch joins an identical one of the same caller in flight (inflight-dedup.ts) when
   * deduplication is on; a mutation, a fetch whose caller's deadline has passed (refused on its
   * own below) and anything the gateway asks outside an operation always go alone.
   */
  async process(options: GraphQLDataSourceProcessOptions<Partial<RequestScope>>): Promise<GatewayGraphQLResponse> {
    if (!this.dedup || !('document' in options) || !isQueryFetch(options.request.query, options.document)) return this.answer(options);
    const scope = options.context;
    if (remainingMs(scope, this.timeoutMs) <= 0) return this.answer(options);
    const key = dedupKey({ query: options.request.query!, variables: options.request.variables, identity: scope.identity ?? null });
    return this.dedup.share(key, () => this.answer(options), copyAnswer);
  }

  /** One fetch sent and answered, failures turned into errors at the asked fields. */
  private async answer(options: GraphQLDataSourceProcessOptions<Partial<RequestScope>>): Promise<GatewayGraphQLResponse> {
    try {
      return await this.send(options);
    } catch (error) {
      const refusal = graphqlErrorsOf(error);
      if (refusal) return { errors: refusal };
      const failure =
        error instanceof GraphQLError && error.extensions.code && error.extensions.code !== 'INTERNAL_SERVER_ERROR'
          ? error
          : new GraphQLError(`the ${this.name} subgraph is unavailable: ${describe(error, this.timeoutMs)}`, {
              extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.name },
              originalError: error as Error,
            });
      // No answer: the failure goes where each asked field would have been (the rest of the query still answers).
      const placed = unansweredFieldErrors(
        { query: options.request.query, document: 'document' in options ? options.document : undefined, variables: options.request.variables },
        { message: failure.message, extensions: { ...failure.extensions, serviceName: this.name } },
      );
      if (placed.length === 0) throw failure;
      return { errors: placed };
    }
  }

  /**
   * Sends the fetch with its proof: minted for this subgraph, over the exact body sent, carrying
   * the client's verified identity, the request trace and what is left of the request's deadline
   * less the margin (refused with DEADLINE_EXCEEDED when nothing is). The fetch ends when the
   * subgraph's deadline does, plus the margin.
   */
  private async send(options: GraphQLDataSourceProcessOptions<Partial<RequestScope>>): Promise<GatewayGraphQLResponse> {
    const scope = options.context ?? {};
    const timeoutMs = remainingMs(scope, this.timeoutMs);
    if (timeoutMs <= 0) {
      throw new GraphQLError(`the request's deadline passed before the ${this.name} subgraph was asked`, { extensions: { code: 'DEADLINE_EXCEEDED', serviceName: this.name } });
    }
    if (!options.request.query) throw new Error('Missing query');
    const body = subgraphRequestBody(options.request);
    const proof = await signGatewayProof(this.subgraphSecret, {
      audience: this.name,
      identity: scope.identity ?? null,
      // Gateway-initiated fetches (none today, but health checks are one option away) get a trace of their own.
      trace: scope.trace ?? readTrace(() => undefined),
      timeoutMs,
      bodySha256: bodySha256(body),
    });
    // Headers put on the request before (a trace context: measured-data-source.ts), then ours.
    const headers: Record<string, string> = {};
    for (const [name, value] of options.request.http?.headers ?? []) headers[name] = value;
    headers['content-type'] = 'application/json';
    headers.authorization = `Bearer ${proof}`;
    const response = answerResponse(this.url, await this.transport.post(body, headers, timeoutMs + SUBGRAPH_DEADLINE_MARGIN_MS));
    if (!response.ok) throw errorFromResponse(response);
    const parsed = parseBody(response);
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`Expected JSON response body, but received: ${String(parsed)}`);
    restrictCachePolicy(options, response);
    return { ...(parsed as GatewayGraphQLResponse), http: response as never };
  }
}

/** As RemoteGraphQLDataSource: JSON when the answer says so, else its text. */
function parseBody(response: AnswerResponse): unknown {
  const type = response.headers.get('content-type');
  return type && (type.startsWith('application/json') || type.startsWith('application/graphql-response+json')) ? response.json() : response.text();
}

/** As RemoteGraphQLDataSource's errorFromResponse: `<status>: <text>`, the answer in `extensions.response`, 401/403 coded. */
function errorFromResponse(response: AnswerResponse): GraphQLError {
  const extensions: Record<string, unknown> = { response: { url: response.url, status: response.status, statusText: response.statusText, body: parseBody(response) } };
  if (response.status === 401) extensions.code = 'UNAUTHENTICATED';
  else if (response.status === 403) extensions.code = 'FORBIDDEN';
  return new GraphQLError(`${response.status}: ${response.statusText}`, { extensions });
}

/** As RemoteGraphQLDataSource: the subgraph's cache-control (none: max-age 0) restricts the client request's cache policy. */
function restrictCachePolicy(options: GraphQLDataSourceProcessOptions<Partial<RequestScope>>, response: AnswerResponse): void {
  if (!('incomingRequestContext' in options)) return;
  const policy = options.incomingRequestContext.overallCachePolicy;
  if (!policy || !('restrict' in policy)) return;
  const header = response.headers.get('cache-control') ?? '';
  const maxAge = /(?:^|,)\s*max-age=(\d+)\s*(?:,|$)/i.exec(header)?.[1];
  const hint: { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } = { maxAge: maxAge ? Number(maxAge) : 0 };
  if (/(?:^|,)\s*private\s*(?:,|$)/i.test(header)) hint.scope = 'PRIVATE';
  if (/(?:^|,)\s*public\s*(?:,|$)/i.test(header)) hint.scope = 'PUBLIC';
  policy.restrict(hint as never);
}

/** The GraphQL errors of a non-2xx subgraph answer that has them (errorFromResponse keeps the body in `extensions.response`). */
function graphqlErrorsOf(error: unknown): GatewayGraphQLResponse['errors'] | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const body = (error.extensions.response as { body?: unknown } | undefined)?.body;
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof e?.message === 'string') ? errors : undefined;
}

/** What is left of the request's deadline for a subgraph, less the margin (the gateway's whole deadline outside a request). */
function remainingMs(scope: Partial<RequestScope>, timeoutMs: number): number {
  return (scope.deadline !== undefined ? scope.deadline - Date.now() : timeoutMs) - SUBGRAPH_DEADLINE_MARGIN_MS;
}

/** Whether a fetch reads (a query): from its parsed document when the plan has one, else from its text. */
function isQueryFetch(query: string | undefined, document: DocumentNode | undefined): boolean {
  const operation = document?.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operation) return operation.operation === 'query';
  return query !== undefined && /^\s*(query\b|\{)/.test(query);
}

/**
 * A fetch's own copy of a shared answer: the gateway rewrites and merges `data` into its result
 * in place, so each gets its own `data`; errors, extensions and the HTTP part are only read.
 */
function copyAnswer(answer: GatewayGraphQLResponse): GatewayGraphQLResponse {
  return answer.data == null ? { ...answer } : { ...answer, data: structuredClone(answer.data) };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The part of a fetch Response a fetch's answer is read through (its body, errors and the
 * cache-control header), over an answer already read whole: no WHATWG Response per fetch.
 */
function answerResponse(url: string, answer: SubgraphAnswer) {
  const text = () => answer.body.toString('utf8');
  return {
    url,
    ok: answer.status >= 200 && answer.status <= 299,
    status: answer.status,
    statusText: answer.statusText,
    headers: { get: (name: string) => headerValue(answer.headers, name) },
    text,
    json: () => JSON.parse(text()) as unknown,
  };
}

type AnswerResponse = ReturnType<typeof answerResponse>;

function describe(error: unknown, timeoutMs: number): string {
  const text = String((error as Error)?.message ?? error);
  // node:http's errors carry their code and name themselves (transport/subgraph-transport.ts), fetch's in `cause`.
  const own = error as { code?: unknown; name?: unknown; cause?: { code?: string; name?: string } } | undefined;
  if (own?.name === 'TimeoutError' || own?.cause?.name === 'TimeoutError' || /aborted|timeout/i.test(text)) return `no answer within ${timeoutMs} ms`;
  const code = typeof own?.code === 'string' ? own.code : own?.cause?.code;
  if (code) return `unreachable (${code})`;
  return text;
}

/**
 * The body of a fetch: `JSON.stringify` of the request with `query` first and `http` left out,
 * as RemoteGraphQLDataSource builds it (without APQ). Serialised once: the proof is minted over
 * these very bytes, which are then sent.
 */
export function subgraphRequestBody(request: GatewayGraphQLRequest): string {
  const { http: _http, query, ...rest } = request;
  return JSON.stringify({ query, ...rest });
}
