/**
 * An evaluation report for people (aligned text tables: one row per channel, the pooled row, the
 * calibration of the pooled values by decile) and for programs (JSON, the report object as it is).
 */
import type { EvaluationReport, JudgedChannel } from './evaluation-report.js';
import type { Judgement } from './judgement.js';

/** The report as printed text: settings, the channel table with the overall row, verdict counts, calibration. */
export function formatReport(report: EvaluationReport): string {
  const { settings, unit } = report;
  const lines = [
    `${report.model.name} ${report.model.version}${report.data ? ` on ${report.data}` : ''}`,
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
export function reportJson(report: EvaluationReport): string {
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

/**
 * Columns padded to their widest cell (numbers right-aligned), a rule under the header and before
 * the `footer` rows. A row shorter than the header ends in a note that runs across the columns
 * left and is not measured (so one long note does not widen a column for every row).
 */
function table(header: string[], rows: string[][], footer: string[][], right: boolean[]): string {
  const all = [header, ...rows, ...footer];
  const measured = (r: string[], col: number) => (r.length < header.length && col >= r.length - 1 ? 0 : (r[col] ?? '').length);
  const widths = header.map((_, col) => Math.max(...all.map((r) => measured(r, col))));
  const line = (cells: string[]) =>
    cells
      .map((cell, col) => (cells.length < header.length && col === cells.length - 1 ? cell : right[col] ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line), ...(footer.length ? [rule, ...footer.map(line)] : [])].join('\n');
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
const signed = (v: number, digits: number) => (v > 0 ? `+${fixed(v, digits)}` : fixed(v, digits));
const correlation = (v: number | null) => (v === null ? '–' : signed(v, 2));
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;
