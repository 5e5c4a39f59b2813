import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import { bearerToken } from '@telepulse/platform/bearer-token';
import { bodySha256, signGatewayProof } from '@telepulse/platform/gateway-proof';
import type { RequestScope } from '@telepulse/platform/request-scope';
import { readTrace } from '@telepulse/platform/request-trace';
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
 * answers.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(
    readonly name: string,
    url: string,
    /** The gateway's deadline for a whole request (GATEWAY_DEADLINE_MS); a fetch gets what is left of it. */
    private readonly timeoutMs: number,
    /** SUBGRAPH_SECRET, which the proofs are signed with. */
    private readonly subgraphSecret: string,
  ) {
    super({
      url,
      // The proof minted in willSendRequest is the record of this fetch: the fetch ends when the
      // request's deadline does (the subgraph's, plus the margin), and a body the proof does not
      // cover is never sent (the subgraph would refuse it).
      fetcher: (input, init) => {
        const proof = decodeJwt(bearerToken((init?.headers as Record<string, string> | undefined)?.authorization) ?? '');
        if (proof.bsh !== bodySha256(String(init?.body ?? ''))) {
          throw new Error(`the gateway proof for ${name} covers another body than the one about to be sent: RemoteGraphQLDataSource serialises requests differently than subgraphRequestBody`);
        }
        return fetch(input, { ...init, signal: AbortSignal.timeout((proof.tmo as number) + SUBGRAPH_DEADLINE_MARGIN_MS) }) as never;
      },
    });
  }

  /**
   * Mints the fetch's proof: for this subgraph, over the exact body about to be sent, carrying
   * the client's verified identity, the request trace and what is left of the request's deadline
   * less the margin (refused with DEADLINE_EXCEEDED when nothing is).
   */
  override async willSendRequest(options: GraphQLDataSourceProcessOptions<Partial<RequestScope>>): Promise<void> {
    const scope = 'context' in options ? options.context : {};
    const timeoutMs = (scope.deadline !== undefined ? scope.deadline - Date.now() : this.timeoutMs) - SUBGRAPH_DEADLINE_MARGIN_MS;
    if (timeoutMs <= 0) {
      throw new GraphQLError(`the request's deadline passed before the ${this.name} subgraph was asked`, { extensions: { code: 'DEADLINE_EXCEEDED', serviceName: this.name } });
    }
    const proof = await signGatewayProof(this.subgraphSecret, {
      audience: this.name,
      identity: scope.identity ?? null,
      // Gateway-initiated fetches (none today, but health checks are one option away) get a trace of their own.
      trace: scope.trace ?? readTrace(() => undefined),
      timeoutMs,
      bodySha256: bodySha256(subgraphRequestBody(options.request)),
    });
    options.request.http?.headers.set('authorization', `Bearer ${proof}`);
  }

  override async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
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

function describe(error: unknown, timeoutMs: number): string {
  const text = String((error as Error)?.message ?? error);
  const cause = (error as { cause?: { code?: string; name?: string } }).cause;
  if (cause?.name === 'TimeoutError' || /aborted|timeout/i.test(text)) return `no answer within ${timeoutMs} ms`;
  if (cause?.code) return `unreachable (${cause.code})`;
  return text;
}

/**
 * The exact body RemoteGraphQLDataSource sends for `request` (without APQ, which is off):
 * `JSON.stringify` of the request with `query` first and `http` left out, as its `process` and
 * `sendRequest` build it. The fetcher checks the two agree before anything is sent.
 */
export function subgraphRequestBody(request: GatewayGraphQLRequest): string {
  const { http: _http, query, ...rest } = request;
  return JSON.stringify({ query, ...rest });
}
