/**
 * A model's drift alerts, newest first: the stored history with the alerts the live subscription
 * delivers while the page is open added at once (no reload), marked "live". Each row says the
 * kind (performance or data), the severity and why, which detectors raised it, and the errors
 * either side of the change or the share of features that drifted.
 */
import { formatDecimal, formatPercent } from '../../ui/format.js';
import { Empty } from '../../ui/states.js';
import { Time } from '../../ui/time.js';
import type { DriftRow } from './drift-rows.js';

export function DriftHistory({ rows, modelId }: { rows: readonly DriftRow[]; modelId: string }) {
  if (rows.length === 0) {
    return (
      <div data-testid="drift-history" data-alert-count={0}>
        <Empty
          what={`No drift alerts for ${modelId}.`}
          hint="New ones appear here the moment the drift subgraph raises them (this page listens live). `pnpm demo:drift` makes the engagement model drift."
        />
      </div>
    );
  }
  return (
    <ul class="alert-rows drift-rows" data-testid="drift-history" data-alert-count={rows.length} aria-live="polite">
      {rows.map((a) => (
        <li key={a.id} class={`severity-${a.severity.toLowerCase()}${a.live ? ' live' : ''}`} data-alert-id={a.id} data-severity={a.severity} data-kind={a.kind} data-live={String(a.live)} data-version={a.modelVersion ?? ''}>
          <span class={`pill pill-severity-${a.severity.toLowerCase()}`}>{a.severity}</span> <strong>{a.kind === 'PERFORMANCE' ? 'Performance' : 'Data'} drift</strong>
          {a.modelVersion ? (
            <>
              {' '}
              on <code>{a.modelVersion}</code>
            </>
          ) : null}
          , <Time value={a.detectedAt} />
          {a.live ? <span class="pill pill-live">live</span> : null}
          <span class="sub">{a.reason}</span>
          {a.detectors.length > 0 || a.meanErrorBefore !== null || a.driftedShare !== null ? (
            <span class="sub">
              {a.detectors.length > 0 ? `detectors ${a.detectors.join(', ')}` : ''}
              {a.meanErrorBefore !== null && a.meanErrorAfter !== null ? `; mean error ${formatDecimal(a.meanErrorBefore, 4)} → ${formatDecimal(a.meanErrorAfter, 4)}` : ''}
              {a.driftedShare !== null ? `; ${formatPercent(a.driftedShare)} of features drifted` : ''}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
