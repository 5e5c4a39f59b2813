/**
 * The Page-Hinkley test (Page 1954; Hinkley 1971) for a rise in the mean of an error stream.
 *
 * Increase-only, on purpose: the stream is a model's per-item error, and an error that falls is
 * an improvement, not something to alert on (ADWIN, which is two-sided, still sees it and the
 * severity analysis calls it NONE).
 *
 * Scale-free: each value is standardised by the running mean and standard deviation of the
 * stream since the last reset (Welford) before it enters the cumulative sum, so δ and λ are in
 * units of the stream's own standard deviation. Without that, λ = 50 would mean 50 absolute
 * units, and an engagement-rate error (≈ 0.02) could never reach it while a MASE could in a few
 * items: one setting could not serve every model.
 *
 *   z_t = (x_t − x̄_t) / s_t
 *   m_t = α · m_{t−1} + (z_t − δ)          (α = 1: no forgetting)
 *   M_t = min(M_{t−1}, m_t)
 *   alarm when m_t − M_t > λ, after at least `minInstances` items; then the test restarts.
 */

export interface PageHinkleyOptions {
  /** Magnitude of change tolerated, in standard deviations per item. */
  delta: number;
  /** Alarm threshold on the cumulative deviation, in standard deviations. */
  lambda: number;
  /** Forgetting factor of the cumulative sum, in (0, 1]; 1 keeps everything. */
  alpha: number;
  /** Items seen after a reset before an alarm may be raised (the mean and deviation settle). */
  minInstances: number;
}

/** The usual starting point, before calibration. */
export const PAGE_HINKLEY_TEXTBOOK = { delta: 0.005, lambda: 50 } as const;

/**
 * Calibrated by `pnpm drift:calibrate` (README "Drift detection"). On standardised values the
 * textbook δ = 0.005 is almost no drift against the random walk of the sum: 15-17 % of
 * stationary 1,000-point streams alarmed. δ = 0.15 with λ = 35 keeps them at ≤ 0.2 % and detects
 * an abrupt shift about as fast as the textbook setting did (λ = 50, δ = 0.1 also reaches 0 %,
 * 20-30 % later).
 */
export const PAGE_HINKLEY_DEFAULTS: PageHinkleyOptions = { delta: 0.15, lambda: 35, alpha: 1, minInstances: 30 };

export interface PageHinkleyState {
  count: number;
  mean: number;
  /** Sum of squared deviations (Welford). */
  m2: number;
  cumulative: number;
  minimum: number;
  /** Items seen when the cumulative sum was at its minimum: where the rise began. */
  minimumAt: number;
  /** Sum of the raw values since that minimum (for the mean after the change). */
  sinceMinimumTotal: number;
  /** Sum of the raw values up to the minimum (the mean before the change). */
  untilMinimumTotal: number;
}

/** What an alarm saw: the mean up to where the rise began and the mean since. */
export interface PageHinkleyAlarm {
  meanBefore: number;
  meanAfter: number;
  /** Items since the rise began. */
  since: number;
}

const fresh = (): PageHinkleyState => ({ count: 0, mean: 0, m2: 0, cumulative: 0, minimum: 0, minimumAt: 0, sinceMinimumTotal: 0, untilMinimumTotal: 0 });

export class PageHinkley {
  readonly options: PageHinkleyOptions;
  private state: PageHinkleyState;

  constructor(options: Partial<PageHinkleyOptions> = {}, state?: PageHinkleyState) {
    this.options = { ...PAGE_HINKLEY_DEFAULTS, ...options };
    const { delta, lambda, alpha, minInstances } = this.options;
    if (!(delta >= 0)) throw new RangeError(`Page-Hinkley delta must be ≥ 0, got ${delta}`);
    if (!(lambda > 0)) throw new RangeError(`Page-Hinkley lambda must be > 0, got ${lambda}`);
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`Page-Hinkley alpha must be in (0, 1], got ${alpha}`);
    if (!Number.isInteger(minInstances) || minInstances < 2) throw new RangeError(`Page-Hinkley minInstances must be an integer ≥ 2, got ${minInstances}`);
    this.state = state ? { ...state } : fresh();
  }

  snapshot(): PageHinkleyState {
    return { ...this.state };
  }

  /** Items since the last reset. */
  get count(): number {
    return this.state.count;
  }

  /** Adds one item; returns the alarm (and restarts) when the mean rose past λ, else null. */
  update(value: number): PageHinkleyAlarm | null {
    if (!Number.isFinite(value)) throw new RangeError(`Page-Hinkley takes finite values, got ${value}`);
    const s = this.state;
    s.count += 1;
    const before = s.mean;
    s.mean += (value - before) / s.count;
    s.m2 += (value - before) * (value - s.mean);
    const std = s.count > 1 ? Math.sqrt(s.m2 / (s.count - 1)) : 0;
    // A constant stream so far has no scale yet: nothing has deviated.
    const z = std > 0 ? (value - s.mean) / std : 0;
    s.cumulative = this.options.alpha * s.cumulative + (z - this.options.delta);
    s.sinceMinimumTotal += value;
    if (s.cumulative < s.minimum) {
      s.minimum = s.cumulative;
      s.minimumAt = s.count;
      s.untilMinimumTotal += s.sinceMinimumTotal;
      s.sinceMinimumTotal = 0;
    }
    if (s.count < this.options.minInstances || s.cumulative - s.minimum <= this.options.lambda) return null;
    const since = s.count - s.minimumAt;
    const alarm = {
      meanBefore: s.minimumAt > 0 ? s.untilMinimumTotal / s.minimumAt : s.mean,
      meanAfter: since > 0 ? s.sinceMinimumTotal / since : s.mean,
      since,
    };
    this.state = fresh();
    return alarm;
  }
}
