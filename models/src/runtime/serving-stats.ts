/**
 * The serving path's counters for one loaded model: what monitoring reads (through each
 * subgraph's `<model>Serving` field) and turns into volume, failure and latency points by taking
 * differences between reads. Counters only grow while `since` stays the same; a new `since`
 * (a new process, a new pipeline, or a counter about to leave GraphQL's 32-bit Int) means they
 * restarted from 0.
 *
 * Recording happens once per model run on the hot path, so it allocates nothing: the recent runs
 * live in preallocated typed arrays used as a ring.
 */

/** How many recent runs the latency percentiles and the mean batch size describe. */
export const SERVING_STATS_WINDOW = 1024;

/** The largest count GraphQL's Int can carry (2^31 − 1). */
const GRAPHQL_INT_MAX = 2_147_483_647;

/** The counters at one moment, as the API serves them. */
export interface ServingStatsSnapshot {
  /** The model's name, which is its catalog id (`engagement`, `content-viral` …). */
  model: string;
  version: string;
  /** When these counters started from 0. */
  since: Date;
  /** Rows of the runs that succeeded: predictions made. */
  items: number;
  /** Model runs (batches), failed ones included. */
  runs: number;
  failures: number;
  /** Over the last SERVING_STATS_WINDOW successful runs, in ms; null before any. */
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  /** Rows per run over the same runs; null before any. */
  meanBatchSize: number | null;
}

/** Anything that serves a model and can say how it went (every model pipeline). */
export interface ServingStatsSource {
  servingStats(): ServingStatsSnapshot;
}

/** What a batcher reports after each run (see DynamicBatcher). */
export interface BatchObserver {
  /**
   * A run of `size` rows ended `latencyMs` after its oldest row was queued (queue wait +
   * inference), of which `queueMs` before the run started; `failed` when it threw.
   */
  runEnded(size: number, latencyMs: number, failed: boolean, queueMs: number): void;
}

export interface ServingStatsOptions {
  model: string;
  version: string;
  /** Runs kept for the percentiles (default SERVING_STATS_WINDOW). */
  window?: number;
  /** The clock `since` is read from (tests). */
  now?: () => Date;
  /** Highest value a counter may reach before all restart (default: GraphQL's Int maximum; tests set it small). */
  counterLimit?: number;
}

/**
 * Counts a model's runs, the rows they carried and the runs that failed, and keeps the latency
 * and size of the last `window` successful runs. A failed run says nothing about how long
 * predictions take, so it is counted but kept out of the ring.
 */
export class ServingStats implements BatchObserver {
  readonly model: string;
  readonly version: string;
  private readonly now: () => Date;
  private readonly counterLimit: number;
  private sinceAt: Date;
  private items = 0;
  private runs = 0;
  private failures = 0;

  /** Latency (ms) and size of the recent successful runs; slot `next` is written next. */
  private readonly latencies: Float64Array;
  private readonly sizes: Uint32Array;
  private next = 0;
  private filled = 0;
  /** Sum of `sizes` over the filled slots, kept as runs come and go (integers: exact). */
  private sizeSum = 0;
  /** Scratch for sorting latencies at read time, allocated once. */
  private readonly sorted: Float64Array;

  constructor(options: ServingStatsOptions) {
    const window = options.window ?? SERVING_STATS_WINDOW;
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`serving stats window must be a whole number >= 1, got ${window}`);
    const counterLimit = options.counterLimit ?? GRAPHQL_INT_MAX;
    if (!Number.isInteger(counterLimit) || counterLimit < 1 || counterLimit > GRAPHQL_INT_MAX) {
      throw new RangeError(`serving stats counterLimit must be a whole number in 1..${GRAPHQL_INT_MAX}, got ${counterLimit}`);
    }
    this.model = options.model;
    this.version = options.version;
    this.now = options.now ?? (() => new Date());
    this.counterLimit = counterLimit;
    this.sinceAt = this.now();
    this.latencies = new Float64Array(window);
    this.sizes = new Uint32Array(window);
    this.sorted = new Float64Array(window);
  }

  /** Records one run; allocates nothing (except on the rare counter restart). */
  runEnded(size: number, latencyMs: number, failed: boolean): void {
    if (this.runs >= this.counterLimit || this.items > this.counterLimit - size) this.restartCounters();
    this.runs += 1;
    if (failed) {
      this.failures += 1;
      return;
    }
    this.items += size;
    if (this.filled === this.latencies.length) this.sizeSum -= this.sizes[this.next]!;
    else this.filled += 1;
    this.latencies[this.next] = latencyMs;
    this.sizes[this.next] = size;
    this.sizeSum += size;
    this.next = (this.next + 1) % this.latencies.length;
  }

  /** The counters now, with the percentiles of the runs in the ring (nearest rank). */
  snapshot(): ServingStatsSnapshot {
    const n = this.filled;
    let p50: number | null = null;
    let p99: number | null = null;
    if (n > 0) {
      const sorted = this.sorted.subarray(0, n);
      sorted.set(this.latencies.subarray(0, n));
      sorted.sort();
      p50 = sorted[nearestRank(0.5, n)]!;
      p99 = sorted[nearestRank(0.99, n)]!;
    }
    return {
      model: this.model,
      version: this.version,
      since: this.sinceAt,
      items: this.items,
      runs: this.runs,
      failures: this.failures,
      latencyP50Ms: p50,
      latencyP99Ms: p99,
      meanBatchSize: n > 0 ? this.sizeSum / n : null,
    };
  }

  /**
   * A counter would pass what the API can carry: every counter starts again from 0 under a new
   * `since`, which readers already treat as a restart. The ring describes runs, not totals, and stays.
   */
  private restartCounters(): void {
    this.sinceAt = this.now();
    this.items = 0;
    this.runs = 0;
    this.failures = 0;
  }
}

/** The 0-based index of the p-quantile among n sorted values: the smallest value with at least p·n values at or below it. */
function nearestRank(p: number, n: number): number {
  return Math.max(0, Math.ceil(p * n) - 1);
}
