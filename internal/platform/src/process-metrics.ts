import { collectDefaultMetrics, Registry } from 'prom-client';
import { cacheCounters } from './cache-counters.js';
import { groupCommitCounters } from './group-commit.js';
import { scrapedMetric } from './scraped-metric.js';

/**
 * What belongs to the process rather than to one service, in a registry of its own, created
 * once: Node's default metrics (CPU, memory, event-loop lag, GC, handles; collecting them per
 * service would install the GC and event-loop observers once per service and report the same
 * process several times under colliding names when services share a process, as in the test
 * stack), and the process's in-process caches and group commits, which their owners register
 * process-wide by name (cache-counters.ts, group-commit.ts): read at scrape time, nothing is
 * recorded on their hot path. Served by every service of the process, before its own series.
 */
let registry: Registry | undefined;

/** The process registry, created (and its default metrics collected) on the first call. */
export function processMetricsRegistry(): Registry {
  if (registry) return registry;
  registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const caches = (read: (stats: ReturnType<typeof cacheCounters>[string]) => number) => () =>
    Object.entries(cacheCounters()).map(([cache, stats]) => [cache, read(stats)] as const);
  const cache = (name: string, help: string) => ({ name, help, label: 'cache' });
  scrapedMetric(registry, 'counter', cache('telepulse_cache_hits_total', 'In-process cache lookups answered from the cache, by cache (records:<collection>, channel-history:engagement …)'), caches((s) => s.hits));
  scrapedMetric(registry, 'counter', cache('telepulse_cache_misses_total', 'In-process cache lookups that went to the database or another subgraph, by cache'), caches((s) => s.misses));
  scrapedMetric(registry, 'counter', cache('telepulse_cache_evictions_total', 'Entries an in-process cache dropped to stay within its capacity, by cache'), caches((s) => s.evictions));
  scrapedMetric(registry, 'gauge', cache('telepulse_cache_entries', 'Entries an in-process cache holds now, by cache'), caches((s) => s.size));

  const writes = (read: (stats: ReturnType<typeof groupCommitCounters>[string]) => number) => () =>
    Object.entries(groupCommitCounters()).map(([writer, stats]) => [writer, read(stats)] as const);
  const writer = (name: string, help: string) => ({ name, help, label: 'writer' });
  scrapedMetric(registry, 'counter', writer('telepulse_group_commit_writes_total', 'Database writes group commit sent (one insertMany for every caller waiting), by writer (records:<collection>)'), writes((s) => s.groups));
  scrapedMetric(registry, 'counter', writer('telepulse_group_commit_callers_total', 'Callers whose records those writes carried, by writer'), writes((s) => s.callers));
  scrapedMetric(registry, 'counter', writer('telepulse_group_commit_items_total', 'Records those writes carried, by writer'), writes((s) => s.items));
  return registry;
}
