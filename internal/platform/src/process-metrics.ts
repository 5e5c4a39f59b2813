import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { cacheCounters } from './cache-counters.js';
import { groupCommitCounters } from './group-commit.js';

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
  const registers = [registry];
  const fromCaches = (name: string, help: string, read: (stats: ReturnType<typeof cacheCounters>[string]) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['cache'],
      registers,
      collect() {
        this.reset();
        for (const [cache, stats] of Object.entries(cacheCounters())) this.inc({ cache }, read(stats));
      },
    });
  fromCaches('telepulse_cache_hits_total', 'In-process cache lookups answered from the cache, by cache (records:<collection>, channel-history:engagement …)', (s) => s.hits);
  fromCaches('telepulse_cache_misses_total', 'In-process cache lookups that went to the database or another subgraph, by cache', (s) => s.misses);
  fromCaches('telepulse_cache_evictions_total', 'Entries an in-process cache dropped to stay within its capacity, by cache', (s) => s.evictions);
  new Gauge({
    name: 'telepulse_cache_entries',
    help: 'Entries an in-process cache holds now, by cache',
    labelNames: ['cache'],
    registers,
    collect() {
      this.reset();
      for (const [cache, stats] of Object.entries(cacheCounters())) this.set({ cache }, stats.size);
    },
  });
  const fromGroupCommits = (name: string, help: string, read: (stats: ReturnType<typeof groupCommitCounters>[string]) => number) =>
    new Counter({
      name,
      help,
      labelNames: ['writer'],
      registers,
      collect() {
        this.reset();
        for (const [writer, stats] of Object.entries(groupCommitCounters())) this.inc({ writer }, read(stats));
      },
    });
  fromGroupCommits('telepulse_group_commit_writes_total', 'Database writes group commit sent (each one insertMany for every waiting caller), by writer (records:<collection>)', (s) => s.groups);
  fromGroupCommits('telepulse_group_commit_callers_total', 'Callers whose records those writes carried, by writer', (s) => s.callers);
  fromGroupCommits('telepulse_group_commit_items_total', 'Records those writes carried, by writer', (s) => s.items);
  return registry;
}
