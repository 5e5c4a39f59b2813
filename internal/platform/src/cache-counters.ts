import type { CacheStats } from './lru-cache.js';

/**
 * Every in-process cache of this process by name, with its live counters: what metrics exports
 * (`cacheCounters()` is a plain object, read at scrape time). A name registered twice (two
 * stores on the same collection, as tests build) adds up under that name.
 */
const caches = new Map<string, CacheStats[]>();

/** Makes `stats` readable under `name` for the life of the process. */
export function registerCache(name: string, stats: CacheStats): void {
  caches.set(name, [...(caches.get(name) ?? []), stats]);
}

/** The counters of every cache by name, summed over its instances: a snapshot. */
export function cacheCounters(): Record<string, CacheStats> {
  const out: Record<string, CacheStats> = {};
  for (const [name, all] of caches) {
    out[name] = all.reduce(
      (sum, s) => ({ hits: sum.hits + s.hits, misses: sum.misses + s.misses, evictions: sum.evictions + s.evictions, size: sum.size + s.size }),
      { hits: 0, misses: 0, evictions: 0, size: 0 },
    );
  }
  return out;
}
