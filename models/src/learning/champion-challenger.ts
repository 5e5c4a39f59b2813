/**
 * The switching rule: a challenger replaces the champion only when it is better beyond noise on
 * the same held-out items. The evidence is a paired bootstrap of the mean difference of their
 * absolute errors (challenger − champion, item by item): resampling items, not errors, keeps each
 * item's two errors together, so what the items have in common (a hard post is hard for both)
 * cancels out. ACTIVATED only when the whole (1 − alpha) percentile interval lies below zero;
 * an interval touching or above zero keeps the challenger as a candidate.
 */
import { InvalidInputError, type FieldIssue } from '@telepulse/platform';
import { Random } from '@telepulse/dataset';

export type SwitchDecision = 'ACTIVATED' | 'KEPT_AS_CANDIDATE';

export interface ComparisonOptions {
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
  seed: number;
  /** 1 − the interval's coverage; default 0.05 (a 95 % interval). */
  alpha?: number;
}

export interface ChampionChallengerComparison {
  heldOutItems: number;
  /** Mean absolute errors over the held-out items. */
  championError: number;
  challengerError: number;
  /** challengerError − championError: negative when the challenger errs less. */
  difference: number;
  /** The bootstrap percentile interval of the difference. */
  low: number;
  high: number;
  decision: SwitchDecision;
  reason: string;
}

/**
 * Compares paired errors (`championErrors[i]` and `challengerErrors[i]` on the same item i).
 * Deterministic for a seed. Throws InvalidInputError naming the field for unequal or empty lists,
 * a non-finite or negative error, or options out of range. Pure.
 */
export function compareChampionChallenger(championErrors: readonly number[], challengerErrors: readonly number[], options: ComparisonOptions): ChampionChallengerComparison {
  const { resamples = 2000, seed, alpha = 0.05 } = options;
  const issues: FieldIssue[] = [];
  if (championErrors.length === 0) issues.push({ field: 'championErrors', value: 0, message: 'must hold at least one held-out item' });
  if (challengerErrors.length !== championErrors.length) {
    issues.push({ field: 'challengerErrors', value: `${challengerErrors.length} errors`, message: `must pair with the ${championErrors.length} champion errors, item by item` });
  }
  for (const [field, errors] of [['championErrors', championErrors], ['challengerErrors', challengerErrors]] as const) {
    const bad = errors.findIndex((e) => !(Number.isFinite(e) && e >= 0));
    if (bad >= 0) issues.push({ field: `${field}[${bad}]`, value: errors[bad], message: 'must be an absolute error: finite and >= 0' });
  }
  if (!(Number.isInteger(resamples) && resamples >= 100 && resamples <= 1_000_000)) issues.push({ field: 'options.resamples', value: resamples, message: 'must be an integer from 100 to 1000000' });
  if (!(alpha > 0 && alpha < 1)) issues.push({ field: 'options.alpha', value: alpha, message: 'must be in (0, 1)' });
  if (!Number.isSafeInteger(seed)) issues.push({ field: 'options.seed', value: seed, message: 'must be a safe integer' });
  if (issues.length > 0) throw new InvalidInputError(issues);

  const n = championErrors.length;
  const differences = championErrors.map((c, i) => challengerErrors[i]! - c);
  const championError = mean(championErrors);
  const challengerError = mean(challengerErrors);
  const difference = mean(differences);
  const random = new Random(seed).fork('champion-challenger');
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[Math.floor(random.next() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const low = percentile(means, alpha / 2);
  const high = percentile(means, 1 - alpha / 2);
  const decision: SwitchDecision = high < 0 ? 'ACTIVATED' : 'KEPT_AS_CANDIDATE';
  const level = `${round((1 - alpha) * 100, 4)} %`;
  const numbers =
    `mean absolute error ${fmt(challengerError)} (challenger) vs ${fmt(championError)} (champion) on ${n} held-out items; ` +
    `difference ${fmt(difference)}, ${level} paired bootstrap interval [${fmt(low)}, ${fmt(high)}] over ${resamples} resamples`;
  const verdict =
    decision === 'ACTIVATED'
      ? 'the challenger is better beyond noise (the whole interval is below 0)'
      : low > 0
        ? 'the challenger is worse (the whole interval is above 0)'
        : 'no difference beyond noise (the interval reaches 0)';
  return { heldOutItems: n, championError, challengerError, difference, low, high, decision, reason: `${verdict}: ${numbers}` };
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** The p-quantile of sorted values, linear between order statistics. */
function percentile(sorted: Float64Array, p: number): number {
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const fmt = (v: number) => Number(v.toPrecision(4)).toString();
