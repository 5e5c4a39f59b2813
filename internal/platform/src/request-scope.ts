import type { Identity } from './identity.js';
import type { RequestTrace } from './request-trace.js';

/**
 * What the HTTP bootstrap knows of one request once it has admitted it, before any GraphQL
 * work: which request it is, for whom, and until when. Every context factory receives it.
 */
export interface RequestScope {
  trace: RequestTrace;
  /** The client's verified identity; null when anonymous. */
  identity: Identity | null;
  /** Aborts at the deadline or when the client goes away; pass it to fetches and check it (`assertLive`) before each write. */
  signal: AbortSignal;
  /** When the request's time is up, as `Date.now()` counts in this process. */
  deadline: number;
  /**
   * Calls `listener` once when the request's response has ended (sent, failed or abandoned), so
   * what the request holds (a model version it is served by) can be let go. Absent where the
   * platform cannot tell (a subscription's scope, a test's hand-made one).
   */
  onEnd?: (listener: () => void) => void;
}

const SCOPE = Symbol('telepulse.requestScope');

/** `context` with the request's scope attached where the platform's resolver wrappers (scope checks) find it, out of the way of the subgraph's own fields. */
export function withRequestScope<C extends object>(context: C, scope: RequestScope): C {
  // Enumerable: Apollo Server copies the context per operation (Object.assign), and a
  // non-enumerable property would not survive the copy. A symbol key stays out of Object.keys and JSON.
  (context as { [SCOPE]?: RequestScope })[SCOPE] = scope;
  return context;
}

/** The scope attached to a context by `withRequestScope`; undefined when there is none. */
export function requestScopeOf(context: unknown): RequestScope | undefined {
  return typeof context === 'object' && context !== null ? (context as { [SCOPE]?: RequestScope })[SCOPE] : undefined;
}
