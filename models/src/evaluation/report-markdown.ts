/**
 * Evaluation reports as Markdown for the README: one summary row per data set, and the pooled
 * calibration by decile. What `pnpm eval:readme` writes between its markers.
 */
import type { EvaluationReport, JudgedChannel } from './evaluation-report.js';
import type { Judgement } from './judgement.js';

/** One row per report: its data, what was judged, the pooled errors and verdict, and how the channels went. */
export function markdownSummary(reports: readonly { label: string; report: EvaluationReport }[]): string {
  const first = reports[0]?.report;
  if (!first) return '';
  const header = ['data', `judged channels (${first.unit})`, 'model MAE', ...first.baselines.map((b) => `${b} MAE`), 'ratio [95 % CI]', 'channels better (significantly) / worse (significantly)', 'Spearman', 'bias', 'Spearman of confidence and absolute error, per channel (median)'];
  const rows = reports.map(({ label, report }) => {
    const o = report.overall;
    if (!o) return [label, 'none long enough', ...header.slice(2).map(() => '–')];
    const c = o.channels;
    return [
      label,
      `${c.judged} (${o.heldOut})`,
      fixed(o.modelMae, 5),
      ...report.baselines.map((b) => fixed(o.baselineMae[b]!, 5)),
      ratio(o),
      `${c.better} (${c.significantlyBetter}) / ${c.worse} (${c.significantlyWorse})`,
      o.spearman === null ? '–' : fixed(o.spearman, 2),
      signed(o.bias, 4),
      medianWithinChannels(report),
    ];
  });
  return table(header, rows);
}

/** The pooled values' calibration by decile of stated confidence. */
export function markdownCalibration(report: EvaluationReport): string {
  if (!report.overall) return '';
  const rows = report.overall.calibration.map((g) => [String(g.decile), `${fixed(g.from, 2)} – ${fixed(g.to, 2)}`, String(g.posts), fixed(g.meanConfidence, 2), fixed(g.hitRate, 2)]);
  return table(['decile', 'confidence', report.unit, 'mean confidence', 'hit rate'], rows);
}

/** The channels' own Spearman of confidence against absolute error, median over judged channels: does confidence rank errors inside a channel? */
function medianWithinChannels(report: EvaluationReport): string {
  const values = report.channels
    .filter((c): c is JudgedChannel => c.status === 'judged')
    .map((c) => c.confidenceErrorSpearman)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  if (values.length === 0) return '–';
  const mid = values.length >> 1;
  return signed(values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2, 2);
}

function ratio(j: Judgement): string {
  if (j.ratio.ratio === null) return '–';
  return `${fixed(j.ratio.ratio, 2)} [${fixed(j.ratio.low!, 2)}, ${fixed(j.ratio.high!, 2)}] vs ${j.baseline}`;
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

const fixed = (v: number, digits: number) => v.toFixed(digits);
const signed = (v: number, digits: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
