import { LruCache } from '@telepulse/platform/lru-cache';

/** Texts whose estimates one loaded model version keeps by default: at most 8,192 characters each, so at most ~32 MB of keys. */
export const DEFAULT_ESTIMATE_CACHE_SIZE = 2_048;

/**
 * A model version's estimates by their input's key, for pipelines whose estimate is a function
 * of the input alone (the content models: a text's reading does not change while its version
 * serves; a new version is a new pipeline with a cache of its own). Dashboards ask about the
 * same channels' recent posts again and again, and each asking ran both content models over
 * every text. The pending estimate is kept, so concurrent requests for one text share one run;
 * a failed run is dropped, so the next request runs it again. Counted under `name` in metrics.
 */
export class EstimateCache<T> {
  private readonly entries: LruCache<string, Promise<T>>;

  constructor(name: string, capacity = DEFAULT_ESTIMATE_CACHE_SIZE) {
    this.entries = new LruCache(name, capacity);
  }

  /** The estimate under `key`, computed by `compute` (once, while it stays cached) when there is none. */
  get(key: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    if (cached) return cached;
    const pending = compute();
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.peek(key) === pending) this.entries.delete(key);
    });
    return pending;
  }
}
