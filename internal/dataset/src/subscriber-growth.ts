/**
 * The simulator's growth regimes: how a channel's counted subscribers (`subscriberCounts`) move
 * and which days a collector recorded. Split from simulator.ts so the audience that views read
 * and the count that is recorded stay two visibly separate things; simulator.ts's header
 * documents every regime, with the probabilities and ranges defined here.
 *
 * Every regime draws from its own stream forked off the channel's `growth-regimes` stream, so
 * adding or changing one regime leaves the others' draws, and every post, as they were.
 */
import type { Random } from './random.js';

/** Additive daily growth rate by weekday (0 = Sunday); sums to 0 so it is pure seasonality. */
export const WEEKLY_GROWTH = [-0.0012, 0.001, 0.0008, 0.0006, 0.0002, -0.0004, -0.001];

/** A launch burst on one of the first days. */
const P_LAUNCH_BURST = 0.15;
/** A campaign burst later in the run (independent of a launch). */
const P_CAMPAIGN_BURST = 0.2;
/** Spike of a launch, as a share of the count: log-uniform. */
const LAUNCH_SIZE = [0.15, 0.5] as const;
/** Spike of a campaign, as a share of the count: log-uniform. */
const CAMPAIGN_SIZE = [0.04, 0.16] as const;
/** Days over which a burst's daily joins decay, uniform integer. */
const BURST_DECAY_DAYS = [3, 15] as const;
/** A burst's joins on its last decay day, relative to its spike. */
const BURST_TAIL = 0.05;

const P_PLATEAU = 0.2;
const PLATEAU_DAYS = [30, 90] as const;
/** A plateau's day noise relative to the channel's usual day noise: few join, few leave. */
const PLATEAU_NOISE = 0.1;

const P_DECLINE = 0.12;
/** Of declining channels: the decline starts on the first day. */
const P_DECLINE_FROM_START = 0.5;
/** Daily loss of a declining channel, log-uniform. */
const DECLINE_RATE = [0.001, 0.004] as const;

const P_NO_SEASONALITY = 0.2;
const P_STRONG_SEASONALITY = 0.2;
/** Multiples of WEEKLY_GROWTH, uniform. */
const STRONG_SEASONALITY = [3, 6] as const;
const MODERATE_SEASONALITY = [0.5, 2] as const;

const P_GAPS = 0.2;
/** Of channels with gaps: outages a day, beyond the first. */
const OUTAGES_PER_DAY = 1 / 90;
/** Of outages: a single missing day; the others miss 2-14 days. */
const P_ONE_DAY_OUTAGE = 0.6;
const LONG_OUTAGE_DAYS = [2, 14] as const;

const P_LATE_COUNTS = 0.07;
/** Where a late channel's counts start, as a share of the run: uniform. */
const LATE_START = [0.1, 0.5] as const;

export interface Burst {
  kind: 'launch' | 'campaign';
  /** Day index (0 = first simulated day) of the spike. */
  day: number;
  /** The spike's joins as a share of the count. */
  size: number;
  /** Days after the spike over which daily joins fade to BURST_TAIL of it. */
  decayDays: number;
}

export type Seasonality = 'none' | 'moderate' | 'strong';

/** One channel's growth regimes, as day indices (0 = first simulated day). */
export interface GrowthRegimes {
  /** Oldest first; at most one launch and one campaign. */
  bursts: Burst[];
  /** Inclusive day range of near-zero net growth; never overlaps a burst's spike or decay. */
  plateau: { from: number; to: number } | null;
  /** From `from` to the last day, the count's trend is `-lossPerDay` instead of the shared segments. */
  decline: { from: number; lossPerDay: number } | null;
  seasonality: Seasonality;
  /** Weekly seasonality of the count as a multiple of WEEKLY_GROWTH. */
  seasonalityAmplitude: number;
  /** First recorded day. */
  countsFrom: number;
  /** Days from countsFrom on with no record, ascending; never countsFrom itself nor the last day. */
  missingDays: number[];
}

/** Draws a channel's growth regimes for a run of `days` days; pure in `rng`'s key and `days`. */
export function drawGrowthRegimes(rng: Random, days: number): GrowthRegimes {
  const bursts = drawBursts(rng, days);
  const plateau = drawPlateau(rng.fork('plateau'), days, bursts);
  const declineRng = rng.fork('decline');
  const decline = declineRng.bernoulli(P_DECLINE)
    ? {
        from: declineRng.bernoulli(P_DECLINE_FROM_START) ? 0 : declineRng.int(0, Math.floor(days / 2)),
        lossPerDay: logUniform(declineRng, DECLINE_RATE),
      }
    : null;

  const seasonalityRng = rng.fork('seasonality');
  const u = seasonalityRng.next();
  let seasonality: Seasonality;
  let seasonalityAmplitude: number;
  if (u < P_NO_SEASONALITY) {
    seasonality = 'none';
    seasonalityAmplitude = 0;
  } else if (u < P_NO_SEASONALITY + P_STRONG_SEASONALITY) {
    seasonality = 'strong';
    seasonalityAmplitude = seasonalityRng.uniform(...STRONG_SEASONALITY);
  } else {
    seasonality = 'moderate';
    seasonalityAmplitude = seasonalityRng.uniform(...MODERATE_SEASONALITY);
  }

  const lateRng = rng.fork('late-counts');
  const lateFrom = Math.max(1, Math.floor(LATE_START[0] * days));
  const lateTo = Math.floor(LATE_START[1] * days);
  const countsFrom = lateRng.bernoulli(P_LATE_COUNTS) && lateFrom <= lateTo ? lateRng.int(lateFrom, lateTo) : 0;

  return {
    bursts,
    plateau,
    decline,
    seasonality,
    seasonalityAmplitude,
    countsFrom,
    missingDays: drawMissingDays(rng.fork('gaps'), countsFrom, days),
  };
}

function drawBursts(rng: Random, days: number): Burst[] {
  const bursts: Burst[] = [];
  const launchRng = rng.fork('launch');
  if (launchRng.bernoulli(P_LAUNCH_BURST) && days >= 2) {
    bursts.push({
      kind: 'launch',
      day: Math.min(days - 1, launchRng.int(1, 3)),
      size: logUniform(launchRng, LAUNCH_SIZE),
      decayDays: launchRng.int(...BURST_DECAY_DAYS),
    });
  }
  const campaignRng = rng.fork('campaign');
  // After the first tenth of the run and early enough that its decay mostly shows.
  const from = Math.max(4, Math.floor(days / 10));
  const to = days - 8;
  if (campaignRng.bernoulli(P_CAMPAIGN_BURST) && from <= to) {
    bursts.push({
      kind: 'campaign',
      day: campaignRng.int(from, to),
      size: logUniform(campaignRng, CAMPAIGN_SIZE),
      decayDays: campaignRng.int(...BURST_DECAY_DAYS),
    });
  }
  return bursts;
}

/** A plateau placed uniformly among the positions that leave every burst (spike and decay) outside it. */
function drawPlateau(rng: Random, days: number, bursts: readonly Burst[]): GrowthRegimes['plateau'] {
  if (!rng.bernoulli(P_PLATEAU)) return null;
  const length = Math.min(days, rng.int(...PLATEAU_DAYS));
  const clear = (from: number) => bursts.every((b) => from + length - 1 < b.day || from > b.day + b.decayDays);
  const starts: number[] = [];
  for (let from = 0; from + length <= days; from++) if (clear(from)) starts.push(from);
  if (length < PLATEAU_DAYS[0] || starts.length === 0) return null;
  const from = rng.pick(starts);
  return { from, to: from + length - 1 };
}

function drawMissingDays(rng: Random, countsFrom: number, days: number): number[] {
  // Outages fall strictly between the first recorded day and the last day, which are always recorded.
  const first = countsFrom + 1;
  const last = days - 2;
  if (!rng.bernoulli(P_GAPS) || first > last) return [];
  const outages = 1 + rng.poisson((last - first + 1) * OUTAGES_PER_DAY);
  const missing = new Set<number>();
  for (let i = 0; i < outages; i++) {
    const start = rng.int(first, last);
    const length = rng.bernoulli(P_ONE_DAY_OUTAGE) ? 1 : rng.int(...LONG_OUTAGE_DAYS);
    for (let d = start; d < start + length && d <= last; d++) missing.add(d);
  }
  return [...missing].sort((a, b) => a - b);
}

/**
 * The counted subscribers, one day at a time. It shares the audience's trend segments, day noise
 * (as a standard normal, rescaled to the count's size) and viral joins, and adds the channel's
 * regimes; it draws nothing itself, so the audience's streams are untouched.
 */
export class CountedSubscribers {
  #count: number;
  readonly #regimes: GrowthRegimes;
  /** Burst joins on each day as a share of the count. */
  readonly #burstRate: Float64Array;

  /** `audience` is the audience's size on the first day. */
  constructor(regimes: GrowthRegimes, audience: number, days: number) {
    this.#regimes = regimes;
    this.#burstRate = new Float64Array(days);
    // A launch brings the channel its audience: the count starts below the audience by the
    // launch's growth, so the two agree again once it has played out.
    let launchGrowth = 1;
    for (const burst of regimes.bursts) {
      for (let i = 0; i <= burst.decayDays && burst.day + i < days; i++) {
        const rate = burst.size * BURST_TAIL ** (i / burst.decayDays);
        this.#burstRate[burst.day + i]! += rate;
        if (burst.kind === 'launch') launchGrowth *= 1 + rate;
      }
    }
    this.#count = Math.max(MIN_SUBSCRIBERS, audience / launchGrowth);
  }

  /**
   * Moves the count to the end of day `day` and returns it (not rounded). `segmentRate` is the
   * audience's trend that day, `z` its day noise in standard deviations, `viralJoins` the
   * viral posts' new subscribers arriving that day.
   */
  step(day: number, weekday: number, segmentRate: number, z: number, viralJoins: number): number {
    const count = this.#count;
    const noise = z * dayNoiseSd(count);
    const { plateau, decline } = this.#regimes;
    if (plateau !== null && day >= plateau.from && day <= plateau.to) {
      // Joins, whatever brings them, are matched by leaves.
      this.#count = count + noise * PLATEAU_NOISE;
    } else {
      const trend = decline !== null && day >= decline.from ? -decline.lossPerDay : segmentRate;
      const rate = trend + this.#regimes.seasonalityAmplitude * WEEKLY_GROWTH[weekday]! + this.#burstRate[day]!;
      this.#count = count + count * rate + noise + viralJoins;
    }
    this.#count = Math.max(MIN_SUBSCRIBERS, this.#count);
    return this.#count;
  }
}

/** No simulated channel, audience or count, shrinks below this. */
export const MIN_SUBSCRIBERS = 50;

/** Sd of a day's net change of `subscribers`: churn that grows with the square root, plus a proportional part. */
export function dayNoiseSd(subscribers: number): number {
  return 0.3 * Math.sqrt(subscribers) + 0.0003 * subscribers;
}

function logUniform(rng: Random, [lo, hi]: readonly [number, number]): number {
  return Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
}
