/**
 * Evaluation reports as Markdown for the README: one summary row per data set, and the pooled
 * calibration by decile; for growth, one row per data set and horizon, and the targets;
 * for the content CNN, one row per data set.
 * What `pnpm eval:readme` writes between its markers.
 */
import type { ContentCnnEvaluationReport } from './content-cnn-report.js';
import type { EvaluationReport, JudgedChannel } from './evaluation-report.js';
import type { GrowthEvaluationReport } from './growth-report.js';
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

/** One row per report and horizon: its data, what was judged, the pooled errors, the median relative MAE over channels, coverage. */
export function markdownGrowthSummary(reports: readonly { label: string; report: GrowthEvaluationReport }[]): string {
  const first = reports[0]?.report;
  if (!first) return '';
  const header = [
    'data',
    'days ahead',
    'judged channels (origins, days)',
    'model MAE',
    `${first.baseline} MAE`,
    'relative MAE, pooled [95 % CI]',
    'relative MAE, median over channels',
    'channels better (significantly) / worse (significantly)',
    'MASE',
    'sMAPE',
    '80 % coverage',
    '95 % coverage',
  ];
  const rows = reports.flatMap(({ label, report }) => {
    const o = report.overall;
    if (!o) return [[label, '–', noneJudged(report), ...header.slice(3).map(() => '–')]];
    return o.horizons.map((h) => [
      label,
      String(h.horizon),
      `${o.channels.judged} (${h.origins}, ${h.days})`,
      fixed(h.modelMae, 1),
      fixed(h.baselineMae, 1),
      h.relativeMae.ratio === null ? '–' : `${fixed(h.relativeMae.ratio, 2)} [${fixed(h.relativeMae.low!, 2)}, ${fixed(h.relativeMae.high!, 2)}]`,
      h.medianRelativeMae === null ? '–' : fixed(h.medianRelativeMae, 2),
      `${h.channels.better} (${h.channels.significantlyBetter}) / ${h.channels.worse} (${h.channels.significantlyWorse})`,
      h.mase === null ? '–' : fixed(h.mase, 2),
      `${fixed(h.smape, 2)} %`,
      percentage(h.coverage80),
      percentage(h.coverage95),
    ]);
  });
  return table(header, rows);
}

/** The targets of issue 9 per horizon, each with the value it is about and whether it is met; empty when nothing was judged. */
export function markdownGrowthTargets(report: GrowthEvaluationReport): string {
  if (!report.overall) return '';
  const { maxMedianRelativeMae, coverageTolerance } = report.targets;
  const band = (nominal: number) => `${percentage(nominal - coverageTolerance)} – ${percentage(Math.min(1, nominal + coverageTolerance))}`;
  const met = (ok: boolean) => (ok ? 'met' : 'not met');
  const rows = report.overall.horizons.map((h) => [
    String(h.horizon),
    `${h.medianRelativeMae === null ? '–' : fixed(h.medianRelativeMae, 2)}: ${met(h.targetsMet.relativeMae)}`,
    `${percentage(h.coverage80)}: ${met(h.targetsMet.coverage80)}`,
    `${percentage(h.coverage95)}: ${met(h.targetsMet.coverage95)}`,
  ]);
  return table(['days ahead', `median relative MAE (target ≤ ${fixed(maxMedianRelativeMae, 2)})`, `pooled 80 % coverage (target ${band(0.8)})`, `pooled 95 % coverage (target ${band(0.95)})`], rows);
}

/** Why no channel of a report was judged: the one reason they share, or how many there were. */
function noneJudged(report: GrowthEvaluationReport): string {
  const reasons = new Set(report.channels.map((c) => (c.status === 'too short' ? c.reason : '')));
  const n = report.channels.length;
  if (n === 0) return 'none (no channels)';
  return reasons.size === 1 ? `none (${n} channel${n === 1 ? '' : 's'}: ${[...reasons][0]})` : `none (${n} channels too short)`;
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

/** One row per content CNN report: its data, what was judged, both correlations and their difference, how the channels went. */
export function markdownContentCnnSummary(reports: readonly { label: string; report: ContentCnnEvaluationReport }[]): string {
  const header = ['data', 'judged channels (posts)', 'Spearman', 'baseline Spearman', 'difference [95 % CI]', 'channels better (significantly) / worse (significantly)', 'MAE', 'baseline MAE'];
  const rows = reports.map(({ label, report }) => {
    const o = report.overall;
    if (!o) return [label, 'none long enough', ...header.slice(2).map(() => '–')];
    const c = o.channels;
    const rho = (v: number | null) => (v === null ? '–' : signed(v, 3));
    const d = o.difference;
    const interval = d.low === null || d.high === null ? '' : ` [${signed(d.low, 3)}, ${signed(d.high, 3)}]`;
    return [label, `${c.judged} (${o.heldOut})`, rho(o.spearman), rho(o.baselineSpearman), d.difference === null ? '–' : `${signed(d.difference, 3)}${interval}`, `${c.better} (${c.significantlyBetter}) / ${c.worse} (${c.significantlyWorse})`, fixed(o.mae, 3), fixed(o.baselineMae, 3)];
  });
  return table(header, rows);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

const fixed = (v: number, digits: number) => v.toFixed(digits);
const signed = (v: number, digits: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
const percentage = (share: number) => `${(share * 100).toFixed(1)} %`;
