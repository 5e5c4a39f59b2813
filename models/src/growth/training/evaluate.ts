/**
 * The trainer's judgement of growth forecasts on held-out examples: pinball loss and median
 * error of the log ratio (to choose the epoch), and in subscribers against the seasonal-naive
 * baseline at fixed horizons, with the coverage of the 80 % and 95 % intervals.
 */
// The median is arithmetic, not engagement's: one definition for the package.
import { median } from '../../engagement/confidence.js';
import type { GrowthHeldOutMetrics, HorizonMetrics } from '../metadata.js';
import { GROWTH_QUANTILES } from '../series.js';
import type { GrowthExample } from './examples.js';

const Q = GROWTH_QUANTILES.length;
const MEDIAN = GROWTH_QUANTILES.indexOf(0.5);

/** Mean pinball loss of the quantiles and mean absolute error of the median, both of the log ratio, over every day of every example. */
export function logRatioLosses(examples: readonly GrowthExample[], outputs: readonly ArrayLike<number>[]): { pinball: number; mae: number } {
  let pinball = 0;
  let mae = 0;
  let days = 0;
  examples.forEach((e, i) => {
    const out = outputs[i]!;
    e.target.forEach((y, d) => {
      GROWTH_QUANTILES.forEach((q, k) => {
        const error = y - out[d * Q + k]!;
        pinball += Math.max(q * error, (q - 1) * error);
      });
      mae += Math.abs(y - out[d * Q + MEDIAN]!);
      days += 1;
    });
  });
  return { pinball: round(pinball / Math.max(1, days * Q)), mae: round(mae / Math.max(1, days)) };
}

/** The model's quantile of forecast day `d` (0-based), `k`-th quantile, as a count. */
function countAt(e: GrowthExample, out: ArrayLike<number>, d: number, k: number): number {
  return e.lastCount * Math.exp(out[d * Q + k]!);
}

function inside(e: GrowthExample, out: ArrayLike<number>, d: number, lower: number, upper: number): boolean {
  const actual = e.actual[d]!;
  return countAt(e, out, d, lower) <= actual && actual <= countAt(e, out, d, upper);
}

/** The model against the baseline `days` days ahead, judged on days with a real count. */
export function horizonMetrics(examples: readonly GrowthExample[], outputs: readonly ArrayLike<number>[], days: number): HorizonMetrics {
  const d = days - 1;
  const byChannel = new Map<string, { model: number; baseline: number }>();
  let model = 0;
  let baseline = 0;
  let in80 = 0;
  let in95 = 0;
  let forecasts = 0;
  examples.forEach((e, i) => {
    if (d >= e.actual.length || !e.actualKnown[d]) return;
    const out = outputs[i]!;
    const modelError = Math.abs(e.actual[d]! - countAt(e, out, d, MEDIAN));
    const baselineError = Math.abs(e.actual[d]! - e.baseline[d]!);
    const channel = byChannel.get(e.channelId) ?? { model: 0, baseline: 0 };
    channel.model += modelError;
    channel.baseline += baselineError;
    byChannel.set(e.channelId, channel);
    model += modelError;
    baseline += baselineError;
    if (inside(e, out, d, 1, 3)) in80 += 1;
    if (inside(e, out, d, 0, 4)) in95 += 1;
    forecasts += 1;
  });
  const ratios = [...byChannel.values()].filter((c) => c.baseline > 0).map((c) => c.model / c.baseline);
  const n = Math.max(forecasts, 1);
  return {
    days,
    forecasts,
    mae: round(model / n),
    baselineMae: round(baseline / n),
    relativeMae: round(median(ratios)),
    coverage80: round(in80 / n),
    coverage95: round(in95 / n),
  };
}

/** Everything the metadata reports of held-out examples. */
export function heldOutGrowthMetrics(examples: readonly GrowthExample[], outputs: readonly ArrayLike<number>[], horizons: readonly number[]): GrowthHeldOutMetrics {
  let in80 = 0;
  let in95 = 0;
  let judged = 0;
  examples.forEach((e, i) => {
    e.actualKnown.forEach((known, d) => {
      if (!known) return;
      judged += 1;
      if (inside(e, outputs[i]!, d, 1, 3)) in80 += 1;
      if (inside(e, outputs[i]!, d, 0, 4)) in95 += 1;
    });
  });
  return {
    channels: new Set(examples.map((e) => e.channelId)).size,
    forecasts: examples.length,
    horizons: horizons.map((h) => horizonMetrics(examples, outputs, h)),
    coverage80: round(in80 / Math.max(judged, 1)),
    coverage95: round(in95 / Math.max(judged, 1)),
    pinball: logRatioLosses(examples, outputs).pinball,
  };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
