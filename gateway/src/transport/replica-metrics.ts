/**
 * The gateway's fetches by subgraph replica, in its Prometheus registry, read from the replica
 * pools' plain counters at scrape time (nothing recorded on the fetch path):
 * `telepulse_subgraph_replica_fetches_total{subgraph, replica, outcome}` (answered; failed after
 * the request may have reached it; unreached: never reached it, sent on to another replica when
 * there was one) and `telepulse_subgraph_replica_up{subgraph, replica}` (0 while marked down).
 */
import type { ServiceMetrics } from '@telepulse/platform/service-metrics';
import { scrapedLabelledMetric } from '@telepulse/platform/scraped-metric';
import type { ReplicaCounters, ReplicaState } from './replica-pool.js';

/** Each subgraph's replicas, by subgraph name, as the gateway built them (filled as it builds its data sources). */
export type ReplicasBySubgraph = ReadonlyMap<string, readonly ReplicaState[]>;

/** Registers the replica metrics of `pools` (read live on every scrape) in `registry`. */
export function registerReplicaMetrics(registry: ServiceMetrics['registry'], pools: ReplicasBySubgraph): void {
  const each = function* () {
    for (const [subgraph, replicas] of pools) for (const replica of replicas) yield { subgraph, replica };
  };
  const outcomes: (keyof ReplicaCounters)[] = ['answered', 'failed', 'unreached'];
  scrapedLabelledMetric(
    registry,
    'counter',
    {
      name: 'telepulse_subgraph_replica_fetches_total',
      help: 'Gateway only: subgraph fetches by subgraph, replica (its URL) and outcome (answered; failed after the request may have reached it, not retried; unreached: never reached it, sent to the next replica when there was one)',
      labels: ['subgraph', 'replica', 'outcome'],
    },
    function* () {
      for (const { subgraph, replica } of each()) for (const outcome of outcomes) yield [{ subgraph, replica: replica.url, outcome }, replica.counters[outcome]] as const;
    },
  );
  scrapedLabelledMetric(
    registry,
    'gauge',
    { name: 'telepulse_subgraph_replica_up', help: 'Gateway only: 1 while a subgraph replica takes fetches, 0 while it is marked down (unreachable, in its backoff)', labels: ['subgraph', 'replica'] },
    function* () {
      const now = Date.now();
      for (const { subgraph, replica } of each()) yield [{ subgraph, replica: replica.url }, replica.down(now) ? 0 : 1] as const;
    },
  );
}
