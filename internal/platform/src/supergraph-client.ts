import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST, print, type DocumentNode } from 'graphql';
import { DomainError, UnavailableError } from './errors.js';
import { assertLive } from './request-deadline.js';
import type { RequestScope } from './request-scope.js';
import { traceHeaders, type RequestTrace } from './request-trace.js';

export type { RequestTrace };

/** What a read needs of the request it serves: its trace, and its signal (the read stops when the request does). */
export type ReadScope = Pick<RequestScope, 'trace' | 'signal'>;

export interface SupergraphClientOptions {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** How long one request may take before it counts as unavailable. */
  timeoutMs: number;
  /** The calling service's name: added to the trace's `via`, and refused when already there. */
  caller: string;
}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; serviceName?: string } }[];
}

/** A read through the supergraph would come back through the service that is making it. */
export class RequestLoopError extends DomainError {
  readonly code = 'REQUEST_LOOP' as const;

  constructor(trace: RequestTrace, caller: string) {
    super(`request ${trace.requestId} already passed through ${caller} (via ${trace.via.join(' → ')}): refusing to read through the gateway again`, {
      requestId: trace.requestId,
      via: trace.via,
    });
  }
}

/**
 * Reads through the gateway with documents typed by codegen (against schema/supergraph.graphql),
 * as any client would, and anonymously: reads are open, and the user's token never leaves the
 * gateway (a guarded read would need a credential of this service's own). The request id
 * travels on, so the calls one request causes are traceable. The read stops when the request it
 * serves does (deadline passed, client gone: DEADLINE_EXCEEDED / CANCELLED). A gateway or
 * subgraph that cannot answer becomes SERVICE_UNAVAILABLE (never a hang); any other GraphQL
 * error fails the read with the gateway's message.
 */
export class SupergraphClient {
  /** Requests sent, in all and by operation name, for tests and metrics. */
  readonly stats: { requests: number; byOperation: Record<string, number> } = { requests: 0, byOperation: {} };

  constructor(private readonly options: SupergraphClientOptions) {}

  /** Throws RequestLoopError when a read for this request would come back through this service (its caller): as `request` does first. */
  assertNoLoop(trace: RequestTrace): void {
    if (trace.via.includes(this.options.caller)) throw new RequestLoopError(trace, this.options.caller);
  }

  /** Runs one operation; resolves with its data, rejects on transport failure or any GraphQL error. */
  async request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V, { trace, signal }: ReadScope): Promise<R> {
    const { url, timeoutMs, caller } = this.options;
    this.assertNoLoop(trace);
    assertLive(signal);
    const { text, name } = printed(document);
    this.stats.requests += 1;
    this.stats.byOperation[name] = (this.stats.byOperation[name] ?? 0) + 1;
    let body: GraphQLResponse<R>;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Apollo Server's CSRF prevention wants a non-simple request; we are a server, not a browser.
          'apollo-require-preflight': 'true',
          ...traceHeaders({ requestId: trace.requestId, via: [...trace.via, caller] }),
        },
        body: JSON.stringify({ query: text, variables }),
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      });
      body = (await response.json()) as GraphQLResponse<R>;
    } catch (cause) {
      assertLive(signal);
      throw new UnavailableError('gateway', `no answer from ${url} within ${timeoutMs} ms or unreachable`, { cause });
    }
    const error = body.errors?.[0];
    if (error) {
      if (error.extensions?.code === 'SERVICE_UNAVAILABLE') throw new UnavailableError(error.extensions.serviceName ?? 'gateway', error.message);
      throw new Error(`supergraph read failed: ${error.message}${error.path ? ` at ${error.path.join('.')}` : ''}`);
    }
    if (!body.data) throw new Error('supergraph read failed: the gateway answered without data');
    return body.data;
  }
}

/** Each document's text and operation name, worked out once: the documents are the codegen's constants. */
const printedDocuments = new WeakMap<DocumentNode, { text: string; name: string }>();

function printed(document: DocumentNode): { text: string; name: string } {
  let found = printedDocuments.get(document);
  if (!found) {
    found = { text: print(document), name: getOperationAST(document)?.name?.value ?? 'anonymous' };
    printedDocuments.set(document, found);
  }
  return found;
}

/**
 * The value of a field the supergraph answers null only with an error, which `request` has
 * already thrown on (`channels(ids)` is null only when the channels subgraph cannot answer):
 * the value, or an error saying what broke that contract.
 */
export function answered<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) throw new Error(`supergraph read failed: ${field} came back null without an error`);
  return value;
}
