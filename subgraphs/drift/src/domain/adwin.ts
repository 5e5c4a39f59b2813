/**
 * ADWIN2 (Bifet & Gavaldà, "Learning from Time-Changing Data with Adaptive Windowing", SDM 2007):
 * an adaptive window over a real-valued stream, kept as an exponential histogram, that drops its
 * older part whenever the means of an older and a newer sub-window differ by more than the
 * Hoeffding/Bernstein bound ε_cut allows at confidence δ. A drop is a detected change.
 *
 * Memory is O(M · log(W / M)) buckets: row i holds between 1 and M buckets of 2^i items each
 * (M = `maxBuckets`), each bucket only a count, a sum and the sum of squared deviations, so the
 * state serialises to a few hundred numbers (persisted per model between detections).
 *
 * The bound is the paper's Bernstein form with the variance of the window, the one MOA and river
 * use (so results can be compared with river's ADWIN on the same streams):
 *   δ' = δ / ln W ·  (the union bound over the cuts tested)
 *   m  = 1 / (n0 − L + 1) + 1 / (n1 − L + 1)   (L = `minWindowLength`: each side holds ≥ L items)
 *   ε  = √(2 · m · σ²_W · ln(2/δ')) + (2/3) · m · ln(2/δ')
 * Cuts are tested every `clock` items (not after each: the paper's ADWIN2 also tests only at
 * bucket boundaries), never before the window holds `gracePeriod` items.
 */

export interface AdwinOptions {
  /** Confidence: the probability of a false cut per test is bounded by δ. Default 0.01 (calibrated; the paper's is 0.002). */
  delta: number;
  /** Buckets kept per row before the two oldest merge (M). Default 5. */
  maxBuckets: number;
  /** Cuts are tested once every `clock` items. Default 32. */
  clock: number;
  /** Each side of a cut holds at least this many items. Default 5. */
  minWindowLength: number;
  /** No cut is tested before the window holds this many items. Default 10. */
  gracePeriod: number;
  /**
   * After a detected change, start over with an empty window (default) instead of keeping the
   * newer part as the paper does. Kept, the newer part still holds items from before the change
   * (the cut is found a few dozen items late), and trimming them raises two or three more alarms
   * for the same change: an alert per change is what the service wants. river's ADWIN restarts too.
   */
  resetOnChange: boolean;
}

/** The paper's (and river's) confidence, before calibration. */
export const ADWIN_TEXTBOOK_DELTA = 0.002;

/**
 * Calibrated by `pnpm drift:calibrate` (README "Drift detection"): at δ = 0.002 no stationary
 * 1,000-point stream of ours alarmed at all, so δ was raised to 0.01, which keeps false alarms
 * at ≤ 0.1 % and detects 15-20 % sooner; at 0.03 the normal streams passed 1 %.
 */
export const ADWIN_DEFAULTS: AdwinOptions = { delta: 0.01, maxBuckets: 5, clock: 32, minWindowLength: 5, gracePeriod: 10, resetOnChange: true };

/** One bucket: `2^row` items summarised. */
interface Bucket {
  total: number;
  /** Sum of squared deviations from the bucket's mean. */
  variance: number;
}

/** ADWIN's whole state, as plain JSON (persisted between detections). */
export interface AdwinState {
  /** rows[i]: buckets of 2^i items, oldest first. */
  rows: Bucket[][];
  width: number;
  total: number;
  /** Sum of squared deviations from the window's mean. */
  variance: number;
  /** Items seen since the detector was created (drives the clock). */
  seen: number;
}

/** What one cut dropped: the means of the dropped (older) part and of the window kept. */
export interface AdwinCut {
  dropped: number;
  meanBefore: number;
  meanAfter: number;
}

const empty = (): AdwinState => ({ rows: [], width: 0, total: 0, variance: 0, seen: 0 });

export class Adwin {
  readonly options: AdwinOptions;
  private state: AdwinState;

  constructor(options: Partial<AdwinOptions> = {}, state?: AdwinState) {
    this.options = { ...ADWIN_DEFAULTS, ...options };
    const { delta, maxBuckets, clock, minWindowLength, gracePeriod } = this.options;
    if (!(delta > 0 && delta < 1)) throw new RangeError(`ADWIN delta must be in (0, 1), got ${delta}`);
    if (!Number.isInteger(maxBuckets) || maxBuckets < 2) throw new RangeError(`ADWIN maxBuckets must be an integer ≥ 2, got ${maxBuckets}`);
    if (!Number.isInteger(clock) || clock < 1) throw new RangeError(`ADWIN clock must be an integer ≥ 1, got ${clock}`);
    if (!Number.isInteger(minWindowLength) || minWindowLength < 1) throw new RangeError(`ADWIN minWindowLength must be an integer ≥ 1, got ${minWindowLength}`);
    if (!Number.isInteger(gracePeriod) || gracePeriod < 2 * minWindowLength) {
      throw new RangeError(`ADWIN gracePeriod must be an integer ≥ 2 × minWindowLength (${2 * minWindowLength}), got ${gracePeriod}`);
    }
    this.state = state ? structuredClone(state) : empty();
  }

  /** Items in the window. */
  get width(): number {
    return this.state.width;
  }

  /** Mean of the window (0 when empty). */
  get mean(): number {
    return this.state.width === 0 ? 0 : this.state.total / this.state.width;
  }

  /** Variance of the window's items. */
  get variance(): number {
    return this.state.width === 0 ? 0 : this.state.variance / this.state.width;
  }

  /** A copy of the state, to persist. */
  snapshot(): AdwinState {
    return structuredClone(this.state);
  }

  /** Adds one item; returns the cut when the window shrank (a change was detected), else null. */
  update(value: number): AdwinCut | null {
    if (!Number.isFinite(value)) throw new RangeError(`ADWIN takes finite values, got ${value}`);
    const s = this.state;
    s.seen += 1;
    if (s.width > 0) {
      const mean = s.total / s.width;
      s.variance += (s.width * (value - mean) ** 2) / (s.width + 1);
    }
    s.width += 1;
    s.total += value;
    (s.rows[0] ??= []).push({ total: value, variance: 0 });
    this.compress();
    if (s.seen % this.options.clock !== 0 || s.width <= this.options.gracePeriod) return null;
    const cut = this.detect();
    if (cut && this.options.resetOnChange) this.state = empty();
    return cut;
  }

  /** Merges the two oldest buckets of any row holding more than M into one of the next row. */
  private compress(): void {
    const { rows } = this.state;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (row.length <= this.options.maxBuckets) break;
      const [a, b] = row.splice(0, 2) as [Bucket, Bucket];
      const n = 2 ** i;
      const delta = a.total / n - b.total / n;
      (rows[i + 1] ??= []).push({ total: a.total + b.total, variance: a.variance + b.variance + (n * n * delta * delta) / (2 * n) });
    }
  }

  /** Tests every cut at a bucket boundary, oldest first; drops the oldest bucket while a cut holds. */
  private detect(): AdwinCut | null {
    const s = this.state;
    const startWidth = s.width;
    const startTotal = s.total;
    let cut = true;
    while (cut && s.width >= this.options.gracePeriod) {
      cut = false;
      let n0 = 0;
      let u0 = 0;
      // Oldest buckets are in the highest rows, at the start of each row.
      outer: for (let i = s.rows.length - 1; i >= 0; i--) {
        const row = s.rows[i]!;
        const size = 2 ** i;
        for (let k = 0; k < row.length; k++) {
          // The newest bucket never forms the older side alone with nothing newer.
          if (i === 0 && k === row.length - 1) break outer;
          n0 += size;
          u0 += row[k]!.total;
          const n1 = s.width - n0;
          if (n1 <= 0) break outer;
          if (n0 < this.options.minWindowLength || n1 < this.options.minWindowLength) continue;
          if (this.cutHolds(n0, n1, u0 / n0 - (s.total - u0) / n1)) {
            cut = true;
            break outer;
          }
        }
      }
      if (cut) this.dropOldest();
    }
    if (s.width === startWidth) return null;
    const dropped = startWidth - s.width;
    return { dropped, meanBefore: (startTotal - s.total) / dropped, meanAfter: s.total / s.width };
  }

  private cutHolds(n0: number, n1: number, diff: number): boolean {
    const { delta, minWindowLength: l } = this.options;
    const n = this.state.width;
    const dd = Math.log((2 * Math.log(n)) / delta);
    const m = 1 / (n0 - l + 1) + 1 / (n1 - l + 1);
    const epsilon = Math.sqrt(2 * m * this.variance * dd) + (2 / 3) * dd * m;
    return Math.abs(diff) > epsilon;
  }

  /** Removes the oldest bucket, taking its items out of the window's total and variance. */
  private dropOldest(): void {
    const s = this.state;
    let i = s.rows.length - 1;
    while (i >= 0 && s.rows[i]!.length === 0) i--;
    if (i < 0) return;
    const bucket = s.rows[i]!.shift()!;
    const n = 2 ** i;
    const rest = s.width - n;
    const meanBucket = bucket.total / n;
    const meanRest = rest > 0 ? (s.total - bucket.total) / rest : 0;
    s.variance -= bucket.variance + (n * rest * (meanBucket - meanRest) ** 2) / (n + rest);
    if (s.variance < 0 || rest === 0) s.variance = Math.max(0, rest === 0 ? 0 : s.variance);
    s.width = rest;
    s.total -= bucket.total;
    while (s.rows.length > 0 && s.rows[s.rows.length - 1]!.length === 0) s.rows.pop();
  }
}
