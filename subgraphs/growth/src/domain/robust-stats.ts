/** The few statistics the pattern analysis shares; NaN-free for non-empty input. */

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Sample variance (n − 1); 0 for fewer than two values. */
export function variance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1);
}

/** The middle value (mean of the middle two); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 1.4826 × the median absolute deviation: the standard deviation of normal data, barely moved by outliers. */
export function robustScale(values: readonly number[]): number {
  const centre = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - centre)));
}

/**
 * The median of the values within `half` places either side of each, not crossing the given
 * boundaries (indices where a new stretch starts): a local level that a burst does not move
 * and a change of level does not smear across.
 */
export function rollingMedian(values: readonly number[], half: number, boundaries: readonly number[] = []): number[] {
  const starts = [0, ...boundaries, values.length];
  const out: number[] = [];
  for (let s = 0; s + 1 < starts.length; s++) {
    const [from, to] = [starts[s]!, starts[s + 1]!];
    for (let i = from; i < to; i++) out.push(median(values.slice(Math.max(from, i - half), Math.min(to, i + half + 1))));
  }
  return out;
}
