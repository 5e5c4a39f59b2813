/**
 * An evaluation report for people (aligned text tables: one row per channel, the pooled row, the
 * calibration of the pooled values by decile; a growth report as growth-report-format.ts prints
 * it) and for programs (JSON, the report object as it is).
 */
import { formatContentCnnReport } from './content-cnn-report-format.js';
import { isContentCnnReport } from './content-cnn-report.js';
import type { EvaluationReport, JudgedChannel, ModelReport } from './evaluation-report.js';
import { formatGrowthReport } from './growth-report-format.js';
import { isGrowthReport } from './growth-report.js';
import { isViralReport } from './viral-report.js';
import { formatViralReport } from './viral-report-format.js';
import type { Judgement } from './judgement.js';
import { fixed, percent, reportHeading, signed, textTable as table } from './text-table.js';

/** The report as printed text: settings, the channel table with the overall row, verdict counts, calibration (growth: its horizon tables and targets; content CNN: its rank table). */
export function formatReport(report: ModelReport): string {
  if (isViralReport(report)) return formatViralReport(report);
  if (isGrowthReport(report)) return formatGrowthReport(report);
  if (isContentCnnReport(report)) return formatContentCnnReport(report);
  const { settings, unit } = report;
  const lines = [
    reportHeading(report),
    `held out: the last ${percent(settings.heldOutShare)} of each channel's ${unit}, each predicted one step ahead from all ${unit} before it; ` +
      `a channel needs ${settings.minHeldOut} held-out ${unit}; ratio = model MAE / the better baseline's MAE, ` +
      `95 % paired bootstrap over ${unit} (${settings.resamples} resamples, seed ${settings.seed})`,
    '',
    formatChannelTable(report),
  ];
  const overall = report.overall;
  if (!overall) {
    lines.push('', `no channel had enough ${unit} to judge`);
    return `${lines.join('\n')}\n`;
  }
  const c = overall.channels;
  lines.push(
    '',
    `channels: ${c.judged} judged, ${c.tooShort} too short; the model's MAE is lower than the better baseline's on ${c.better} ` +
      `(significantly on ${c.significantlyBetter}), higher on ${c.worse} (significantly on ${c.significantlyWorse}); ` +
      `no significant difference on ${c.noSignificantDifference}`,
    '',
    `calibration of the stated confidence, all judged ${unit} by decile (a hit: within the model's tolerance); calibration error ${fixed(overall.calibrationError, 3)}`,
    formatCalibration(overall),
  );
  return `${lines.join('\n')}\n`;
}

/** The report as JSON text (numbers as computed; NaN and Infinity become null). */
export function reportJson(report: ModelReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** One row per channel, then the pooled row. */
export function formatChannelTable(report: EvaluationReport): string {
  const header = ['channel', `held-out ${report.unit}`, 'model MAE', ...report.baselines.map((b) => `${b} MAE`), 'ratio [95 % CI]', 'vs', 'verdict', 'Spearman', 'bias', 'conf~|err| Spearman'];
  const judgedRow = (name: string, j: Judgement) => [
    name,
    String(j.heldOut),
    fixed(j.modelMae, 4),
    ...report.baselines.map((b) => fixed(j.baselineMae[b]!, 4)),
    j.ratio.ratio === null ? '–' : `${fixed(j.ratio.ratio, 2)} [${fixed(j.ratio.low!, 2)}, ${fixed(j.ratio.high!, 2)}]`,
    j.baseline,
    j.verdict ?? 'undefined (baseline MAE 0)',
    correlation(j.spearman),
    signed(j.bias, 4),
    correlation(j.confidenceErrorSpearman),
  ];
  const rows = report.channels.map((c) =>
    c.status === 'judged'
      ? judgedRow(c.channel, c as JudgedChannel)
      : [c.channel, String(c.heldOut), `too short to judge: ${c.reason}`],
  );
  const overall = report.overall ? [judgedRow(`overall (${report.overall.channels.judged} channel${report.overall.channels.judged === 1 ? '' : 's'})`, report.overall)] : [];
  return table(header, rows, overall, [false, true, true, ...report.baselines.map(() => true), false, false, false, true, true, true]);
}

/** The pooled values' calibration groups. */
export function formatCalibration(judgement: Judgement): string {
  const rows = judgement.calibration.map((g) => [
    String(g.decile),
    `${fixed(g.from, 3)}–${fixed(g.to, 3)}`,
    String(g.posts),
    fixed(g.meanConfidence, 3),
    fixed(g.hitRate, 3),
    signed(g.hitRate - g.meanConfidence, 3),
  ]);
  return table(['decile', 'confidence', 'posts', 'mean confidence', 'hit rate', 'hit rate − confidence'], rows, [], [true, false, true, true, true, true]);
}

const correlation = (v: number | null) => (v === null ? '–' : signed(v, 2));
