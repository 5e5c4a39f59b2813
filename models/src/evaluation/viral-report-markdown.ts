/**
 * Content-viral evaluation reports as Markdown for the README: one row per data set with the
 * pooled ROC-AUC and Brier score of the model and the baseline, and whether issue 10's target is
 * met. What `pnpm eval:readme` writes between its markers.
 */
import type { ViralEvaluationReport } from './viral-report.js';
import { interval } from './viral-report-format.js';

export function markdownViralSummary(reports: readonly { label: string; report: ViralEvaluationReport }[]): string {
  const header = ['data', 'held-out posts (viral), channels', 'ROC-AUC [95 % CI]', 'baseline ROC-AUC', 'Brier [95 % CI]', 'baseline Brier', `ROC-AUC ≥ ${reports[0]?.report.targets.minAuc ?? ''}`, 'ahead of the baseline'];
  const rows = reports.map(({ label, report }) => {
    const o = report.overall;
    if (!o) return [label, 'none', ...header.slice(2).map(() => '–')];
    const yes = (ok: boolean) => (ok ? 'yes' : 'no');
    return [label, `${o.posts} (${o.viral}), ${o.channels.pooled}`, interval(o.auc, 3), interval(o.baselineAuc, 3), interval(o.brier, 4), interval(o.baselineBrier, 4), yes(o.targetsMet.auc), yes(o.targetsMet.aheadOfBaseline)];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
