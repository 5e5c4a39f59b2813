import type { IncomingHttpHeaders } from 'node:http';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import { bearerToken } from '@telepulse/platform/bearer-token';
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
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<Partial<RequestScope>> {
  /** The subgraph's replicas (one, or those its routing URL lists), each with a keep-alive pool of its own. */
  readonly transport: ReplicaPool;
  /** Query fetches in flight, shared by identical ones of the same caller; absent when GATEWAY_DEDUP is off. */
  private readonly dedup: InFlightDedup<GatewayGraphQLResponse> | undefined;

  /** What each minted proof was minted over, by proof, until the fetcher sends it. */
  private readonly minted = new Map<string, { body: string; timeoutMs: number }>();

  constructor(
    readonly name: string,
    /** Its routing URL: one, or its replicas' separated by commas (transport/replica-urls.ts). */
    url: string,
    /** The gateway's deadline for a whole request (GATEWAY_DEADLINE_MS); a fetch gets what is left of it. */
    private readonly timeoutMs: number,
    /** SUBGRAPH_SECRET, which the proofs are signed with. */
    private readonly subgraphSecret: string,
    transport: SubgraphTransportSettings = { dedup: true, maxSockets: SUBGRAPH_DEFAULT_MAX_SOCKETS },
  ) {
    const replicas = replicaUrls(url);
    const pool = replicaPool(replicas, transport.maxSockets);
    super({
      // Only named in RemoteGraphQLDataSource's own bookkeeping: the fetcher below picks the replica.
      url: replicas[0]!,
      // The proof minted in willSendRequest is the record of this fetch: the fetch ends when the
      // request's deadline does (the subgraph's, plus the margin), and a body the proof does not
      // cover is never sent (the subgraph would refuse it). Sent over the subgraph's pool.
      fetcher: async (_input, init) => {
        const proof = bearerToken((init?.headers as Record<string, string> | undefined)?.authorization) ?? '';
        const sent = this.minted.get(proof);
        this.minted.delete(proof);
        if (!sent || sent.body !== init?.body) {
          throw new Error(`the gateway proof for ${name} covers another body than the one about to be sent: RemoteGraphQLDataSource serialises requests differently than subgraphRequestBody`);
        }
        return answerResponse(url, await pool.post(sent.body, init.headers as Record<string, string>, sent.timeoutMs + SUBGRAPH_DEADLINE_MARGIN_MS)) as never;
      },
    });
    this.transport = pool;
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
   * Mints the fetch's proof: for this subgraph, over the exact body about to be sent, carrying
   * the client's verified identity, the request trace and what is left of the request's deadline
   * less the margin (refused with DEADLINE_EXCEEDED when nothing is).
   */
  override async willSendRequest(options: GraphQLDataSourceProcessOptions<Partial<RequestScope>>): Promise<void> {
    const scope = 'context' in options ? options.context : {};
    const timeoutMs = remainingMs(scope, this.timeoutMs);
    if (timeoutMs <= 0) {
      throw new GraphQLError(`the request's deadline passed before the ${this.name} subgraph was asked`, { extensions: { code: 'DEADLINE_EXCEEDED', serviceName: this.name } });
    }
    const body = subgraphRequestBody(options.request);
    const proof = await signGatewayProof(this.subgraphSecret, {
      audience: this.name,
      identity: scope.identity ?? null,
      // Gateway-initiated fetches (none today, but health checks are one option away) get a trace of their own.
      trace: scope.trace ?? readTrace(() => undefined),
      timeoutMs,
      bodySha256: bodySha256(body),
    });
    // Taken by the fetcher; `answer` drops it should the fetch end before it got there.
    this.minted.set(proof, { body, timeoutMs });
    options.request.http?.headers.set('authorization', `Bearer ${proof}`);
  }

  /**
   * A query fetch joins an identical one of the same caller in flight (inflight-dedup.ts) when
   * deduplication is on; a mutation, a fetch whose caller's deadline has passed (refused on its
   * own below) and anything the gateway asks outside an operation always go alone.
   */
  override async process(options: GraphQLDataSourceProcessOptions<Partial<RequestScope>>): Promise<GatewayGraphQLResponse> {
    if (!this.dedup || !('document' in options) || !isQueryFetch(options.request.query, options.document)) return this.answer(options);
    const scope = options.context;
    if (remainingMs(scope, this.timeoutMs) <= 0) return this.answer(options);
    const key = dedupKey({ query: options.request.query!, variables: options.request.variables, identity: scope.identity ?? null });
    return this.dedup.share(key, () => this.answer(options), copyAnswer);
  }

  /** One fetch sent and answered, failures turned into errors at the asked fields. */
  private async answer(options: GraphQLDataSourceProcessOptions<Partial<RequestScope>>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
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
    } finally {
      const proof = bearerToken(options.request.http?.headers.get('authorization') ?? undefined);
      if (proof) this.minted.delete(proof);
    }
  }
}

/** The GraphQL errors of a non-2xx subgraph answer that has them (RemoteGraphQLDataSource keeps the body in `extensions.response`). */
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
 * The part of a fetch Response RemoteGraphQLDataSource reads (parseBody, errorFromResponse and
 * the cache-control header), over an answer already read whole: no WHATWG Response per fetch.
 */
function answerResponse(url: string, answer: SubgraphAnswer) {
  const text = () => answer.body.toString('utf8');
  return {
    url,
    ok: answer.status >= 200 && answer.status <= 299,
    status: answer.status,
    statusText: answer.statusText,
    headers: { get: (name: string) => headerValue(answer.headers, name) },
    text: async () => text(),
    json: async () => JSON.parse(text()) as unknown,
  };
}

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
 * as RemoteGraphQLDataSource's `process` and `sendRequest` build it (without APQ, which is off).
 * Serialised once: the proof is minted over these very bytes, which are then sent.
 */
export function subgraphRequestBody(request: GatewayGraphQLRequest): string {
  const { http: _http, query, ...rest } = request;
  return JSON.stringify({ query, ...rest });
}
