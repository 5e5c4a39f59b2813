/**
 * In-flight deduplication of subgraph query fetches: identical fetches (same subgraph, same
 * document, same variables, same caller: subject and scopes) that are in flight together share
 * one subgraph request. Dashboards are exactly that traffic (many viewers of the same queries).
 * Only while the request is in flight: the entry is gone before anyone sees its answer, so
 * nothing is ever served from a past answer (no cache), and an answer (an error answer too)
 * reaches exactly the fetches that joined it. No answer ever crosses callers: the caller's
 * identity is part of the key, anonymous callers share only with anonymous ones.
 */
import type { Identity } from '@telepulse/platform/identity';

/** Hits and misses of one subgraph's deduplication, as plain counters a metrics exporter reads. */
export interface DedupCounters {
  /** Fetches that joined a request already in flight (no request of their own). */
  hits: number;
  /** Fetches that sent a request (others may have joined it). */
  misses: number;
}

/** What two fetches must share to share one request (the subgraph is the deduplicator's own). */
export interface DedupFetch {
  query: string;
  variables?: Record<string, unknown> | null;
  identity: Identity | null;
}

/**
 * The key of a fetch: the caller (subject and sorted scopes: the same subject with other scopes
 * may be answered differently), the document and the variables. JSON.stringify of the variables
 * as the gateway built them: the same query plan builds them in the same key order, and a
 * different order only costs a miss, never a wrong answer.
 */
export function dedupKey(fetch: DedupFetch): string {
  const caller = fetch.identity ? JSON.stringify([fetch.identity.subject, [...fetch.identity.scopes].sort()]) : 'anonymous';
  return `${caller}\n${JSON.stringify([fetch.query, fetch.variables ?? null])}`;
}

interface Flight<T> {
  answer: Promise<T>;
  joined: number;
}

/**
 * One subgraph's in-flight fetches by key. `share(key, send, copy)` joins the flight of `key`
 * when there is one, else sends (a miss); every fetch that got the answer from a shared flight
 * gets its own `copy` of it, since the gateway merges answers into its result in place.
 */
export class InFlightDedup<T> {
  private readonly flights = new Map<string, Flight<T>>();
  readonly counters: DedupCounters = { hits: 0, misses: 0 };

  async share(key: string, send: () => Promise<T>, copy: (answer: T) => T): Promise<T> {
    const flight = this.flights.get(key);
    if (flight) {
      this.counters.hits += 1;
      flight.joined += 1;
      return copy(await flight.answer);
    }
    this.counters.misses += 1;
    const own: Flight<T> = {
      // Removed before the answer is handed to anyone: a fetch arriving later sends its own request.
      answer: send().finally(() => this.flights.delete(key)),
      joined: 0,
    };
    this.flights.set(key, own);
    const answer = await own.answer;
    // Nobody joined: the answer is this fetch's alone. Otherwise the joiners copy the pristine answer, so this one copies too.
    return own.joined === 0 ? answer : copy(answer);
  }

  /** Fetches in flight now (for tests and diagnostics). */
  get size(): number {
    return this.flights.size;
  }
}
