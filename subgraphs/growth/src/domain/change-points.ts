import { robustScale } from './robust-stats.js';

export interface SegmentationOptions {
  /** The fewest values a segment may hold: a change must last this long to count. */
  minSegment: number;
  /** The noise scale is floored here (a noiseless series would otherwise make any split worth it). */
  minSigma: number;
}

/**
 * Where the course of `values` breaks: binary segmentation, each segment fitted by a straight
 * line (so a level that drifts, as the daily growth rate of a channel gaining the same number a
 * day does, is one segment), under a squared-error cost. The split of a segment that most lowers
 * the sum of squared residuals is kept when it lowers it by more than the penalty β = 3·σ²·ln(n)
 * (the BIC of one more change and one more line in Gaussian noise of scale σ), and both parts
 * hold at least `minSegment` values; kept parts are split again the same way. σ is estimated
 * from the first differences (1.4826·MAD/√2), which a break or a drift barely moves. Returns
 * the indices where new segments start, ascending.
 */
export function changePoints(values: readonly number[], { minSegment, minSigma }: SegmentationOptions): number[] {
  const n = values.length;
  const differences = values.slice(1).map((v, i) => v - values[i]!);
  const sigma = Math.max(robustScale(differences) / Math.SQRT2, minSigma);
  const penalty = 3 * sigma ** 2 * Math.log(Math.max(n, 2));
  const cost = lineFitCosts(values);

  const found: number[] = [];
  const pending: [number, number][] = [[0, n]];
  while (pending.length > 0) {
    const [from, to] = pending.pop()!;
    let best = { at: -1, gain: 0 };
    for (let at = from + minSegment; at <= to - minSegment; at++) {
      const gain = cost(from, to) - cost(from, at) - cost(at, to);
      if (gain > best.gain) best = { at, gain };
    }
    if (best.at < 0 || best.gain <= penalty) continue;
    found.push(best.at);
    pending.push([from, best.at], [best.at, to]);
  }
  return found.sort((a, b) => a - b);
}

/** The residual sum of squares of the least-squares line through values[from, to), from prefix sums: O(1) per segment. */
function lineFitCosts(values: readonly number[]): (from: number, to: number) => number {
  const prefix = { t: [0], tt: [0], x: [0], xx: [0], tx: [0] };
  values.forEach((x, t) => {
    for (const [key, term] of [['t', t], ['tt', t * t], ['x', x], ['xx', x * x], ['tx', t * x]] as const) prefix[key].push(prefix[key][t]! + term);
  });
  const over = (key: keyof typeof prefix, from: number, to: number) => prefix[key][to]! - prefix[key][from]!;
  return (from, to) => {
    const length = to - from;
    const [t, x] = [over('t', from, to), over('x', from, to)];
    const sxx = over('xx', from, to) - (x * x) / length;
    const stt = over('tt', from, to) - (t * t) / length;
    const stx = over('tx', from, to) - (t * x) / length;
    return Math.max(0, stt > 0 ? sxx - (stx * stx) / stt : sxx);
  };
}
