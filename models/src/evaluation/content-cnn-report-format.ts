/**
 * A content CNN evaluation report as printed text (the protocol in a sentence, a row per channel
 * and the pooled row, the verdicts counted, the target checked).
 */
import type { ContentCnnEvaluationReport, JudgedContentChannel } from './content-cnn-report.js';
import type { RankJudgement } from './rank-judgement.js';
import { fixed, percent, reportHeading, signed, textTable } from './text-table.js';

/** The report as printed text. */
export function formatContentCnnReport(report: ContentCnnEvaluationReport): string {
  const { settings, unit, overall } = report;
  const protocol =
    `held out: the last ${percent(settings.heldOutShare)} of each channel's posts; observed = ln(engagement rate / the held-out posts' median), ` +
    `the model reads only the text; baseline = ${report.baseline}; a channel needs ${settings.minHeldOut} held-out ${unit}; ` +
    `Spearman difference = model − baseline, 95 % paired bootstrap over ${unit} (${settings.resamples} resamples, seed ${settings.seed})`;
  const summary = overall
    ? [
        `channels: ${overall.channels.judged} judged, ${overall.channels.tooShort} too short; the model ranks better than the baseline on ${overall.channels.better} ` +
          `(significantly on ${overall.channels.significantlyBetter}), worse on ${overall.channels.worse} (significantly on ${overall.channels.significantlyWorse}); ` +
          `no significant difference on ${overall.channels.noSignificantDifference}`,
        `target: Spearman above the baseline's, pooled: ${targetMet(overall) ? 'met' : 'NOT met'} (${correlation(overall.spearman)} vs ${correlation(overall.baselineSpearman)})`,
      ]
    : [`no channel had enough ${unit} to judge`];
  return `${[reportHeading(report), protocol, '', formatContentChannelTable(report), '', ...summary].join('\n')}\n`;
}

/** Whether the pooled Spearman is above the baseline's (the issue's "ahead of its baseline"). */
export function targetMet(judgement: RankJudgement): boolean {
  return judgement.difference.difference !== null && judgement.difference.difference > 0;
}

/** One row per channel, then the pooled row. */
export function formatContentChannelTable(report: ContentCnnEvaluationReport): string {
  const header = ['channel', `held-out ${report.unit}`, 'Spearman', 'baseline Spearman', 'difference [95 % CI]', 'verdict', 'MAE', 'baseline MAE', 'bias'];
  const row = (name: string, j: RankJudgement) => [
    name,
    String(j.heldOut),
    correlation(j.spearman),
    correlation(j.baselineSpearman),
    difference(j),
    j.verdict ?? 'undefined (a constant side)',
    fixed(j.mae, 3),
    fixed(j.baselineMae, 3),
    signed(j.bias, 3),
  ];
  const rows = report.channels.map((c) => (c.status === 'judged' ? row(c.channel, c as JudgedContentChannel) : [c.channel, String(c.heldOut), `too short to judge: ${c.reason}`]));
  const overall = report.overall ? [row(`overall (${report.overall.channels.judged} channel${report.overall.channels.judged === 1 ? '' : 's'})`, report.overall)] : [];
  return textTable(header, rows, overall, [false, true, true, true, false, false, true, true, true]);
}

const correlation = (v: number | null) => (v === null ? '–' : signed(v, 3));

const difference = (j: RankJudgement) =>
  j.difference.difference === null ? '–' : `${signed(j.difference.difference, 3)}${j.difference.low === null ? '' : ` [${signed(j.difference.low, 3)}, ${signed(j.difference.high!, 3)}]`}`;
