/**
 * Feedback metrics by version (Model.feedbackSummary): over every processed feedback item, each
 * version's error metrics as feedback computes them (the same code as `pnpm eval`), the columns
 * fitting what the model predicts; with how much feedback arrived, how much is processed and when
 * the last came.
 */
import type { ModelFeedbackQuery, OutcomeKind } from '../../__generated__/graphql.js';
import { formatDecimal, formatInteger, formatPercent } from '../../ui/format.js';
import { Empty } from '../../ui/states.js';
import { Time } from '../../ui/time.js';
import { metricColumns, metricValue } from './metric-columns.js';

type Summary = NonNullable<ModelFeedbackQuery['model']>['feedbackSummary'];

export function FeedbackMetrics({ modelId, outcome, summary, activeVersion }: { modelId: string; outcome: OutcomeKind | null; summary: Summary; activeVersion: string | null }) {
  const columns = metricColumns(outcome);
  if (!outcome) return <Empty what={`${modelId} takes no feedback.`} hint="Its predictions are not stored, so there is nothing to judge them against; its serving latency is in the trend below." />;
  return (
    <>
      <p class="summary-line" data-testid="feedback-counts" data-total={summary.total} data-processed={summary.processed} data-unprocessed={summary.unprocessed}>
        {formatInteger(summary.total)} feedback items, {formatInteger(summary.processed)} processed, {formatInteger(summary.unprocessed)} waiting for the next batch
        {summary.lastFeedbackAt ? (
          <>
            ; the last arrived <Time value={summary.lastFeedbackAt} />
          </>
        ) : null}
        .
      </p>
      {summary.byVersion.length === 0 ? (
        <Empty
          what="No processed feedback yet."
          hint={summary.total > 0 ? 'Feedback has arrived but no batch has processed it: run the pipeline (above), or wait for the schedule.' : 'Metrics appear once outcomes are fed back (submitFeedbackBatch) and processed; `pnpm demo:drift` feeds some.'}
        />
      ) : (
        <table class="data-table metrics-table" data-testid="feedback-metrics" data-version-count={summary.byVersion.length}>
          <caption class="visually-hidden">Feedback metrics of {modelId} by version</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col" class="numeric">
                Items
              </th>
              {columns.map((c) => (
                <th key={c.key} scope="col" class="numeric" title={c.description}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.byVersion.map((v) => (
              <tr key={v.version} data-version={v.version} data-count={v.count} data-active={String(v.version === activeVersion)} {...Object.fromEntries(columns.map((c) => [`data-${c.key}`, metricValue(v, c.key) ?? '']))}>
                <th scope="row">
                  <code>{v.version}</code>
                  {v.version === activeVersion ? <span class="pill pill-active">active</span> : null}
                </th>
                <td class="numeric">{formatInteger(v.count)}</td>
                {columns.map((c) => (
                  <td key={c.key} class="numeric">
                    {c.format === 'percent' ? formatPercent(metricValue(v, c.key)) : formatDecimal(metricValue(v, c.key), 4)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
