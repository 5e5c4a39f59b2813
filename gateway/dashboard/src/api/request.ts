/**
 * Queries and mutations through the gateway: one POST to /graphql on the page's own origin, with
 * the token when there is one. GraphQL errors come back as data (partial results are normal in
 * a federated graph); only a gateway that cannot be reached or that answers without GraphQL
 * (a proxy's 502, an HTML page) throws, as GatewayUnreachableError, which the pages show as
 * "the gateway is unreachable" and recover from (ui/use-query.ts).
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { getToken } from './token.js';

export const GRAPHQL_PATH = '/graphql';

/** The gateway could not be reached, or answered something that is not a GraphQL response. */
export class GatewayUnreachableError extends Error {
  override readonly name = 'GatewayUnreachableError';
  readonly code = 'GATEWAY_UNREACHABLE';
  /** The HTTP status when one arrived (a 502 from a proxy), else undefined (the network failed). */
  readonly status: number | undefined;
  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}

export interface GraphQLResult<D> {
  data: D | null;
  errors: readonly GraphQLFormattedError[];
}

const printed = new WeakMap<DocumentNode, string>();

/** The document's text, printed once per document. */
export function sourceOf(doc: DocumentNode): string {
  let source = printed.get(doc);
  if (source === undefined) {
    source = print(doc);
    printed.set(doc, source);
  }
  return source;
}

const reachabilityListeners = new Set<(reachable: boolean) => void>();

/** Calls `listener` with every request's verdict on the gateway (reachable or not); returns the unsubscribe. */
export function onReachability(listener: (reachable: boolean) => void): () => void {
  reachabilityListeners.add(listener);
  return () => reachabilityListeners.delete(listener);
}

function report(reachable: boolean): void {
  for (const listener of reachabilityListeners) listener(reachable);
}

/**
 * Runs `doc` with `variables` through the gateway. Resolves with its data and errors (a 4xx with
 * a GraphQL body included: a refused token is an error in `errors`, code UNAUTHENTICATED);
 * rejects with GatewayUnreachableError when no GraphQL answer came back.
 */
export async function request<D, V>(doc: TypedDocumentNode<D, V>, variables: V, init: { signal?: AbortSignal } = {}): Promise<GraphQLResult<D>> {
  const token = getToken();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: sourceOf(doc), variables: variables ?? {} }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    report(false);
    throw new GatewayUnreachableError('the gateway could not be reached', { cause });
  }
  let body: { data?: D | null; errors?: GraphQLFormattedError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch (cause) {
    report(false);
    throw new GatewayUnreachableError(`the gateway answered ${response.status} without a GraphQL response`, { status: response.status, cause });
  }
  if (typeof body !== 'object' || body === null || (!('data' in body) && !('errors' in body))) {
    report(false);
    throw new GatewayUnreachableError(`the gateway answered ${response.status} without a GraphQL response`, { status: response.status });
  }
  report(true);
  return { data: body.data ?? null, errors: body.errors ?? [] };
}
