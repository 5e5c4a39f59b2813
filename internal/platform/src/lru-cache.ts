import { registerCache } from './cache-counters.js';

/** A cache's counters, read by metrics (see cache-counters.ts). */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries dropped to stay within the bound. */
  evictions: number;
  /** Entries held now. */
  size: number;
}

/**
 * A bounded in-process cache, least recently used dropped first (a Map keeps insertion order;
 * a hit moves its entry to the end). What is cached must not change under its key, or its owner
 * must replace it when it does: nothing here expires. Registered under `name` for metrics.
 */
export class LruCache<K, V> {
  readonly stats: CacheStats = { hits: 0, misses: 0, evictions: 0, size: 0 };
  private readonly entries = new Map<K, V>();

  constructor(
    readonly name: string,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`cache ${name}: capacity must be a whole number >= 0, got ${capacity}`);
    registerCache(name, this.stats);
  }

  /**
   * The value under `key`, counting a hit or a miss. With `isCurrent`, a value it refuses (its
   * owner knows it changed) counts as a miss and is dropped.
   */
  get(key: K, isCurrent?: (value: V) => boolean): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined || (isCurrent && !isCurrent(value))) {
      this.stats.misses += 1;
      if (value !== undefined) this.delete(key);
      return undefined;
    }
    this.stats.hits += 1;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value under `key` without counting or touching its recency (to decide whether it is current). */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Drops the value under `key`, if any. */
  delete(key: K): void {
    this.entries.delete(key);
    this.stats.size = this.entries.size;
  }

  /** Stores `value` under `key` (replacing any), dropping the least recently used entries beyond the capacity. */
  set(key: K, value: V): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as K);
      this.stats.evictions += 1;
    }
    this.stats.size = this.entries.size;
  }
}
