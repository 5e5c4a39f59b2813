/**
 * Interval calibration after training: four multipliers of the model's widths (median → q0.1,
 * q0.1 → q0.025, median → q0.9, q0.9 → q0.975), fitted on the calibration channels so that each
 * boundary is crossed as often as its quantile says. The pinball loss aims there already; the
 * multipliers correct what a finite training run leaves (intervals a little narrow or wide
 * everywhere). They live in the graph (QuantileHead's width scales), so the intervals still come
 * from the model and still cannot cross; test channels never take part.
 */
import { GROWTH_QUANTILES } from '../series.js';
import type { GrowthExample } from './examples.js';

const Q = GROWTH_QUANTILES.length;

/** Below this a width reads as zero: no multiplier can move a boundary that is not there. */
const MIN_WIDTH = 1e-9;

/**
 * The multipliers [a, b, c, d] for outputs made with multipliers of 1: each is the empirical
 * quantile of how far the actual log ratio went past the boundary before it, in units of that
 * width, over every day with a real count. 1 for a width no day could inform.
 */
export function fitWidthScales(examples: readonly GrowthExample[], outputs: readonly ArrayLike<number>[]): number[] {
  const [low95, low80, , high80, high95] = GROWTH_QUANTILES;
  const reach: number[][] = [[], [], [], []];
  const days: { y: number; q: ArrayLike<number>; at: number }[] = [];
  examples.forEach((e, i) => e.actualKnown.forEach((known, d) => known && days.push({ y: e.target[d]!, q: outputs[i]!, at: d * Q })));
  for (const { y, q, at } of days) {
    const [l80, m, h80] = [q[at + 1]!, q[at + 2]!, q[at + 3]!];
    if (m - l80 > MIN_WIDTH) reach[0]!.push((m - y) / (m - l80));
    if (h80 - m > MIN_WIDTH) reach[2]!.push((y - m) / (h80 - m));
  }
  const a = quantileOf(reach[0]!, 1 - low80!);
  const c = quantileOf(reach[2]!, high80!);
  // The outer widths start where the scaled inner ones end.
  for (const { y, q, at } of days) {
    const [l95, l80, m, h80, h95] = [q[at]!, q[at + 1]!, q[at + 2]!, q[at + 3]!, q[at + 4]!];
    if (l80 - l95 > MIN_WIDTH) reach[1]!.push((m - a * (m - l80) - y) / (l80 - l95));
    if (h95 - h80 > MIN_WIDTH) reach[3]!.push((y - m - c * (h80 - m)) / (h95 - h80));
  }
  const b = quantileOf(reach[1]!, 1 - low95!);
  const d = quantileOf(reach[3]!, high95!);
  return [a, b, c, d].map((s) => round(Math.max(0, s)));
}

/** The empirical `p`-quantile (the smallest value with at least p of the values at or below it); 1 for no values. */
function quantileOf(values: number[], p: number): number {
  if (values.length === 0) return 1;
  const sorted = values.sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
