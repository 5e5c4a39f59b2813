/**
 * A content-viral evaluation report as printed text: the protocol in a sentence, a row per
 * channel (ROC-AUC and Brier of the model and the baseline), the pooled row with its intervals,
 * and issue 10's target checked.
 */
import type { JudgedViralChannel, ViralEvaluationReport, ViralInterval } from './viral-report.js';
import { fixed, percent, signed, textTable } from './text-table.js';

/** The report as printed text. */
export function formatViralReport(report: ViralEvaluationReport): string {
  const { settings } = report;
  const lines = [
    `${report.model.name} ${report.model.version}${report.data ? ` on ${report.data}` : ''}`,
    `held out: the last ${percent(settings.heldOutShare)} of each channel's posts; viral: (forwards + reactions) per view in the top tenth of the channel's held-out posts with text; ` +
      `score: the model's calibrated probability; baseline: ${report.baseline}; a channel is judged alone with ${settings.minHeldOut} held-out posts with text, ` +
      `every channel's posts are pooled; 95 % bootstrap intervals (${settings.resamples} resamples, seed ${settings.seed})`,
    '',
    formatViralTable(report),
  ];
  const overall = report.overall;
  if (!overall) {
    lines.push('', 'no channel had held-out posts with text');
    return `${lines.join('\n')}\n`;
  }
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  lines.push(
    '',
    `pooled: ${overall.posts} held-out posts with text (${overall.viral} viral) from ${overall.channels.pooled} channels; channels judged alone: ${overall.channels.judged}, too short: ${overall.channels.tooShort}; intervals resample ${overall.resampled}`,
    `  ROC-AUC ${interval(overall.auc, 3)} vs baseline ${interval(overall.baselineAuc, 3)}: gain ${interval(overall.aucGain, 3, true)}`,
    `  Brier   ${interval(overall.brier, 4)} vs baseline ${interval(overall.baselineBrier, 4)}: gain ${interval(overall.brierGain, 4, true)} (lower is better)`,
    `target (issue 10, on simulated channels): ROC-AUC at least ${fixed(report.targets.minAuc, 2)}: ${met(overall.targetsMet.auc)}; ahead of the baseline on ROC-AUC and Brier: ${met(overall.targetsMet.aheadOfBaseline)}`,
  );
  return `${lines.join('\n')}\n`;
}

/** One row per channel, then the pooled row. */
export function formatViralTable(report: ViralEvaluationReport): string {
  const header = ['channel', 'held-out posts', 'viral', 'ROC-AUC', 'baseline ROC-AUC', 'Brier', 'baseline Brier'];
  const row = (name: string, c: Pick<JudgedViralChannel, 'posts' | 'viral' | 'auc' | 'baselineAuc' | 'brier' | 'baselineBrier'>) => [
    name,
    String(c.posts),
    String(c.viral),
    auc(c.auc),
    auc(c.baselineAuc),
    fixed(c.brier, 4),
    fixed(c.baselineBrier, 4),
  ];
  const rows = report.channels.map((c) => (c.status === 'judged' ? row(c.channel, c) : [c.channel, String(c.posts), `too short to judge alone: ${c.reason}`]));
  const o = report.overall;
  const footer = o
    ? [row(`pooled (${o.channels.pooled} channel${o.channels.pooled === 1 ? '' : 's'})`, { posts: o.posts, viral: o.viral, auc: o.auc.value, baselineAuc: o.baselineAuc.value, brier: o.brier.value ?? Number.NaN, baselineBrier: o.baselineBrier.value ?? Number.NaN })]
    : [];
  return textTable(header, rows, footer, [false, true, true, true, true, true, true]);
}

const auc = (v: number | null) => (v === null ? '–' : fixed(v, 3));

/** "0.781 [0.752, 0.806]"; signed values for gains. */
export function interval(i: ViralInterval, digits: number, sign = false): string {
  const f = (v: number | null) => (v === null ? '–' : sign ? signed(v, digits) : fixed(v, digits));
  return `${f(i.value)} [${f(i.low)}, ${f(i.high)}]`;
}
