/**
 * The replicas of one subgraph, as the gateway sends fetches to them: SUBGRAPH_<NAME>_URL may
 * list several URLs (replica-urls.ts), and each gets a keep-alive transport of its own
 * (subgraph-transport.ts, SUBGRAPH_MAX_SOCKETS connections per replica). On a cluster a
 * Service spreads the load and the gateway is given one URL; on one machine, or without a
 * Service, the gateway does it here.
 *
 * Each fetch goes to the replica with the fewest fetches in flight among those not marked down
 * (ties taken in turn, so an idle pool is round-robin). A fetch that provably never reached its
 * replica (its connection could not be made: `neverSent`) is sent at once to the next one, a
 * mutation too, since nothing ran; that replica is marked down for a backoff (1 s, doubled on
 * each further failure up to 10 s), after which the next fetch tries it again, and one answer
 * clears it. Any other failure (a reset, a close, a deadline after the request may have left)
 * is not retried: a mutation may have run. With one URL a fetch goes straight to its transport,
 * as before there were replicas.
 */
import { neverSent, subgraphTransport, type SubgraphAnswer, type SubgraphTransport } from './subgraph-transport.js';

/** The first backoff of a replica marked down, and the longest (each further failure doubles it). */
export const REPLICA_BACKOFF_MS = { first: 1000, max: 10_000 } as const;

/** One replica's fetches so far, as plain counters a metrics exporter reads on scrape. */
export interface ReplicaCounters {
  /** Fetches it answered (any HTTP status: the replica was there). */
  answered: number;
  /** Fetches that failed after their request may have reached it (not retried). */
  failed: number;
  /** Fetches that never reached it (connection refused …): sent to another replica when there was one. */
  unreached: number;
}

export interface ReplicaState {
  readonly url: string;
  readonly counters: ReplicaCounters;
  /** Fetches in flight to it now. */
  readonly inFlight: number;
  /** Whether it is marked down now (a fetch could not reach it, and its backoff has not passed). */
  down(now?: number): boolean;
}

interface Replica extends ReplicaState {
  readonly transport: SubgraphTransport;
  inFlight: number;
  downUntil: number;
  backoffMs: number;
}

/** One subgraph's replicas: `post` as a single transport's, spread over them. */
export function replicaPool(urls: readonly string[], maxSockets: number, backoff: { first: number; max: number } = REPLICA_BACKOFF_MS) {
  if (urls.length === 0) throw new Error('a subgraph needs at least one replica URL');
  const replicas: Replica[] = urls.map((url) => ({
    url,
    transport: subgraphTransport(url, maxSockets),
    counters: { answered: 0, failed: 0, unreached: 0 },
    inFlight: 0,
    downUntil: 0,
    backoffMs: 0,
    down(now = Date.now()) {
      return this.downUntil > now;
    },
  }));
  let turn = 0;

  /** The replicas in the order this fetch tries them: those up by fewest in flight (ties in turn), then those down by soonest back. */
  const order = (now: number): Replica[] => {
    const start = turn++ % replicas.length;
    const rotated = [...replicas.slice(start), ...replicas.slice(0, start)];
    const up = rotated.filter((r) => r.downUntil <= now).sort((a, b) => a.inFlight - b.inFlight);
    const down = rotated.filter((r) => r.downUntil > now).sort((a, b) => a.downUntil - b.downUntil);
    return [...up, ...down];
  };

  const send = async (replica: Replica, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SubgraphAnswer> => {
    replica.inFlight += 1;
    try {
      const answer = await replica.transport.post(body, headers, timeoutMs);
      replica.counters.answered += 1;
      replica.downUntil = 0;
      replica.backoffMs = 0;
      return answer;
    } finally {
      replica.inFlight -= 1;
    }
  };

  const single = replicas.length === 1 ? replicas[0]! : undefined;

  return {
    replicas: replicas as readonly ReplicaState[],
    /** The transport's `post`, to the replica this fetch is given; a fetch that never reached one goes on to the next. */
    async post(body: string, headers: Record<string, string>, timeoutMs: number): Promise<SubgraphAnswer> {
      if (single) {
        try {
          return await send(single, body, headers, timeoutMs);
        } catch (error) {
          single.counters[neverSent(error) ? 'unreached' : 'failed'] += 1;
          throw error;
        }
      }
      const deadline = Date.now() + timeoutMs;
      const tried = order(Date.now());
      for (let i = 0; ; i += 1) {
        const replica = tried[i]!;
        try {
          return await send(replica, body, headers, Math.max(1, deadline - Date.now()));
        } catch (error) {
          if (!neverSent(error)) {
            replica.counters.failed += 1;
            throw error;
          }
          replica.counters.unreached += 1;
          replica.backoffMs = Math.min(backoff.max, replica.backoffMs === 0 ? backoff.first : replica.backoffMs * 2);
          replica.downUntil = Date.now() + replica.backoffMs;
          // Every replica tried and none reached: the fetch fails as a single replica's would.
          if (i === tried.length - 1) throw error;
        }
      }
    },
    /** Closes every replica's idle connections. */
    close(): void {
      for (const replica of replicas) replica.transport.close();
    },
  };
}

export type ReplicaPool = ReturnType<typeof replicaPool>;
