/**
 * The champion/challenger evidence a version was judged on (learning's ChallengerEvaluation):
 * both versions' mean absolute error on the same held-out feedback, the paired difference with
 * its 95 % bootstrap interval drawn against zero, and the decision with its reason. A challenger
 * is activated only when the whole interval lies below zero (better beyond noise).
 */
import type { ModelEvidenceFragment } from '../../__generated__/graphql.js';
import { formatDecimal, formatInteger } from '../../ui/format.js';

/** The interval [low, high] and the difference on a line through zero, scaled to fit. */
function IntervalBar({ low, high, difference }: { low: number; high: number; difference: number }) {
  const extent = Math.max(Math.abs(low), Math.abs(high), Math.abs(difference), 1e-12) * 1.15;
  const x = (v: number) => 100 + (v / extent) * 95;
  const below = high < 0;
  return (
    <svg class="interval-bar" viewBox="0 0 200 20" width="200" height="20" aria-hidden="true">
      <line x1="100" y1="2" x2="100" y2="18" stroke="#4f5760" stroke-dasharray="2 2" />
      <line x1={x(low)} y1="10" x2={x(high)} y2="10" stroke={below ? '#1e7a34' : '#8a5a00'} stroke-width="4" stroke-linecap="round" />
      <circle cx={x(difference)} cy="10" r="4" fill="#1a1d21" />
    </svg>
  );
}

export function Evidence({ evaluation, digits = 4 }: { evaluation: ModelEvidenceFragment; digits?: number }) {
  const e = evaluation;
  return (
    <div
      class={`evidence decision-${e.decision.toLowerCase()}`}
      data-testid="evidence"
      data-champion={e.champion}
      data-challenger={e.challenger}
      data-decision={e.decision}
      data-difference={e.difference}
      data-low={e.low}
      data-high={e.high}
      data-held-out={e.heldOutItems}
    >
      <p class="evidence-decision">
        <strong>{e.decision === 'ACTIVATED' ? 'Activated' : 'Kept as a candidate'}</strong>: {e.challenger} against {e.champion} on {formatInteger(e.heldOutItems)} held-out items
      </p>
      <dl class="evidence-numbers">
        <dt>Error of {e.champion} (champion)</dt>
        <dd>{formatDecimal(e.championError, digits)}</dd>
        <dt>Error of {e.challenger} (challenger)</dt>
        <dd>{formatDecimal(e.challengerError, digits)}</dd>
        <dt>Difference, challenger − champion</dt>
        <dd>
          {formatDecimal(e.difference, digits)}{' '}
          <span class="sub-inline">
            (95 % interval {formatDecimal(e.low, digits)} to {formatDecimal(e.high, digits)})
          </span>{' '}
          <IntervalBar low={e.low} high={e.high} difference={e.difference} />
        </dd>
      </dl>
      <p class="hint">{e.reason}</p>
    </div>
  );
}
