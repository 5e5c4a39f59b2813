/**
 * A growth evaluation report as printed text: the protocol in a sentence, one table per horizon
 * (a row per channel, then the pooled row), and the targets checked line by line.
 */
import type { GrowthEvaluationReport, GrowthHorizonJudgement, GrowthHorizonSummary } from './growth-report.js';
import { fixed, percent, reportHeading, signed, textTable } from './text-table.js';

/** The report as printed text. */
export function formatGrowthReport(report: GrowthEvaluationReport): string {
  const { settings } = report;
  const longest = Math.max(...report.horizons);
  const lines = [
    reportHeading(report),
    `held out: the last ${percent(settings.heldOutShare)} of each channel's days of subscriber counts; forecasts from the last day before the cut ` +
      `and every ${settings.originStep} days after it while ${longest} days of counts follow, each from every count up to its origin ` +
      `(a channel needs ${settings.minHistoryDays} days of history up to its first origin); days without a count are skipped; ` +
      `naive = ${report.baseline}, made from the same history; relative MAE = model MAE / naive MAE, 95 % paired bootstrap over origins ` +
      `(a channel) and channels (overall) (${settings.resamples} resamples, seed ${settings.seed}); MASE scales the error by the weekly ` +
      `seasonal-naive MAE of the history; coverage: the share of observed days inside the interval`,
  ];
  report.horizons.forEach((horizon, h) => lines.push('', `${horizon} days ahead`, formatHorizonTable(report, h)));
  const overall = report.overall;
  if (!overall) {
    lines.push('', 'no channel had enough days to judge');
    return `${lines.join('\n')}\n`;
  }
  const { maxMedianRelativeMae, coverageTolerance } = report.targets;
  lines.push(
    '',
    `channels: ${overall.channels.judged} judged, ${overall.channels.tooShort} too short`,
    `targets: the median over channels of the relative MAE at most ${fixed(maxMedianRelativeMae, 2)}; the pooled coverage within ${Math.round(coverageTolerance * 100)} points of 80 % and 95 %`,
    ...overall.horizons.map((h) => `  ${h.horizon} days: ${targetLine(h)}`),
  );
  return `${lines.join('\n')}\n`;
}

/** One row per channel at the `h`-th horizon, then the pooled row. */
export function formatHorizonTable(report: GrowthEvaluationReport, h: number): string {
  const header = ['channel', 'origins', 'days', 'model MAE', 'naive MAE', 'relative MAE [95 % CI]', 'verdict', 'MASE', 'sMAPE', 'bias', '80 % coverage', '95 % coverage'];
  const row = (name: string, j: GrowthHorizonJudgement) => [
    name,
    String(j.origins),
    String(j.days),
    fixed(j.modelMae, 1),
    fixed(j.baselineMae, 1),
    j.relativeMae.ratio === null ? '–' : `${fixed(j.relativeMae.ratio, 2)} [${fixed(j.relativeMae.low!, 2)}, ${fixed(j.relativeMae.high!, 2)}]`,
    j.verdict ?? 'undefined (naive MAE 0)',
    j.mase === null ? '–' : fixed(j.mase, 2),
    `${fixed(j.smape, 3)} %`,
    signed(j.bias, 1),
    share(j.coverage80),
    share(j.coverage95),
  ];
  const rows = report.channels.map((c) => (c.status === 'judged' ? row(c.channel, c.horizons[h]!) : [c.channel, `too short to judge: ${c.reason}`]));
  const judged = report.overall?.channels.judged ?? 0;
  const overall = report.overall ? [row(`overall (${judged} channel${judged === 1 ? '' : 's'})`, report.overall.horizons[h]!)] : [];
  return textTable(header, rows, overall, [false, true, true, true, true, false, false, true, true, true, true, true]);
}

function targetLine(h: GrowthHorizonSummary): string {
  const met = (ok: boolean) => (ok ? 'met' : 'not met');
  const median = h.medianRelativeMae === null ? '–' : fixed(h.medianRelativeMae, 2);
  return (
    `median relative MAE ${median} (${met(h.targetsMet.relativeMae)}); ` +
    `80 % coverage ${share(h.coverage80)} (${met(h.targetsMet.coverage80)}); 95 % coverage ${share(h.coverage95)} (${met(h.targetsMet.coverage95)})`
  );
}

/** A coverage as a percentage with one decimal, so the column lines up. */
const share = (v: number) => `${fixed(v * 100, 1)} %`;
