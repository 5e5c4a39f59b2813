import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { DomainError, type ErrorCode } from '@telepulse/platform';
import { bodySha256, signGatewayProof } from '@telepulse/platform/gateway-proof';
import type { Identity } from '@telepulse/platform/identity';
import type { RequestTrace } from '@telepulse/platform/request-trace';

/** The audience of a proof the gateway mints for itself: a caller inside the gateway (the pipeline). */
export const INTERNAL_AUDIENCE = 'gateway';

/** Who scheduled and drift-triggered runs act as. */
export const PIPELINE_IDENTITY: Identity = { subject: 'gateway:adaptation', scopes: ['admin', 'feedback'] };

/** Runs one typed operation against the supergraph; resolves with its data. */
export type SupergraphCall = <R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V) => Promise<R>;

/** An operation the supergraph refused or could not answer, with the code of its first error (CONFLICT, FORBIDDEN, SERVICE_UNAVAILABLE …). */
export class OperationError extends DomainError {
  readonly code: ErrorCode;

  constructor(operation: string, message: string, code: string | undefined, details: Record<string, unknown> = {}) {
    super(`${operation}: ${message}`, details);
    this.code = (code as ErrorCode | undefined) ?? 'INTERNAL_SERVER_ERROR';
  }
}

interface Response<R> {
  data?: R | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> & { code?: string } }[];
}

/**
 * Calls the gateway's own /graphql over loopback HTTP as `identity`, as any client would, so a
 * step goes through the same admission, limits, query planning and proofs to the subgraphs. It
 * is authenticated by a gateway proof for the audience `gateway`, minted here per request with
 * SUBGRAPH_SECRET over the exact body: the secret never leaves the process, and the proof is
 * good for that one body for 10 s. The gateway's admission (authenticate.ts) recognises it.
 * Any GraphQL error fails the call (OperationError with the error's code): a step is all or nothing.
 * A call once sent is let finish (within `timeoutMs`), even while the gateway stops: the run's
 * last call records how it ended.
 */
export function loopbackCaller(options: {
  /** The gateway's /graphql, read when a call is made (known once it listens). */
  url: () => string;
  subgraphSecret: string;
  identity: Identity;
  trace: RequestTrace;
  /** How long one operation may take (the gateway's deadline). */
  timeoutMs: number;
}): SupergraphCall {
  return async (document, variables) => {
    const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
    const name = (operation && 'name' in operation && operation.name?.value) || 'operation';
    const body = JSON.stringify({ query: print(document), variables });
    const proof = await signGatewayProof(options.subgraphSecret, {
      audience: INTERNAL_AUDIENCE,
      identity: options.identity,
      trace: options.trace,
      timeoutMs: options.timeoutMs,
      bodySha256: bodySha256(body),
    });
    let response: Response<never>;
    try {
      const answer = await fetch(options.url(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true', authorization: `Bearer ${proof}` },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      response = (await answer.json()) as Response<never>;
    } catch (cause) {
      throw new OperationError(name, `the gateway did not answer within ${options.timeoutMs} ms: ${(cause as Error).message}`, 'SERVICE_UNAVAILABLE');
    }
    const [error] = response.errors ?? [];
    if (error) {
      const { code, ...details } = error.extensions ?? {};
      throw new OperationError(name, `${error.message}${error.path ? ` (at ${error.path.join('.')})` : ''}`, code, details);
    }
    if (!response.data) throw new OperationError(name, 'the gateway answered without data', 'INTERNAL_SERVER_ERROR');
    return response.data;
  };
}
