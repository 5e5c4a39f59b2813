import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { traceHeaders, type RequestTrace } from '@telepulse/platform/request-trace';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';

/**
 * A remote subgraph with a deadline. When the subgraph cannot be reached, does not answer in
 * time or fails without a GraphQL answer, the fetch fails with a SERVICE_UNAVAILABLE error
 * naming it, and the gateway still returns whatever the other subgraphs gave (partial results).
 * A refusal the subgraph explains with GraphQL errors (a 400 for an input that does not parse,
 * a 413) reaches the client as those errors, codes and fields kept: the client's mistake, not
 * an outage.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(
    readonly name: string,
    url: string,
    private readonly timeoutMs: number,
  ) {
    super({ url, fetcher: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }) as never });
  }

  /** Every subgraph fetch carries the client request's id and the services it came through. */
  override willSendRequest(options: GraphQLDataSourceProcessOptions<{ trace?: RequestTrace }>): void {
    const trace = 'context' in options ? options.context.trace : undefined;
    if (!trace) return;
    for (const [name, value] of Object.entries(traceHeaders(trace))) options.request.http?.headers.set(name, value);
  }

  override async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      const refusal = graphqlErrorsOf(error);
      if (refusal) return { errors: refusal };
      if (error instanceof GraphQLError && error.extensions.code && error.extensions.code !== 'INTERNAL_SERVER_ERROR') throw error;
      const reason = describe(error, this.timeoutMs);
      throw new GraphQLError(`the ${this.name} subgraph is unavailable: ${reason}`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.name },
        originalError: error as Error,
      });
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
