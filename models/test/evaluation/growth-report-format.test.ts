import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateGrowth } from '../../src/evaluation/growth-evaluation.js';
import type { GrowthEvaluationReport } from '../../src/evaluation/growth-report.js';
import { formatReport, reportJson } from '../../src/evaluation/report-format.js';
import { markdownGrowthSummary, markdownGrowthTargets } from '../../src/evaluation/report-markdown.js';
import { accelerating, handMadeGrowthChannel } from './channel-fixtures.js';
import { persistenceForecaster } from './naive-growth-forecasters.js';

// Persistence on the hand-made channel of growth-evaluation.test.ts (one origin, 2026-01-28, holding
// 1 270; day 6 missing), worked out there: 7 days ahead MAE 290/6 = 48.3 against the naive's 70/6 =
// 11.7, ratio 29/7 = 4.14, MASE 290/420 = 0.69, coverage 1/6 and 3/6; 28 days ahead 7 220/27 = 267.4
// against 3 220/27 = 119.3, ratio 2.24, MASE 3.82, coverage 1/27 and 3/27. Beside it a channel without counts.
const hand = handMadeGrowthChannel(accelerating, { days: 57, missing: [33], id: 'hand' });
const empty = handMadeGrowthChannel(accelerating, { days: 0, id: 'empty' });
let report: GrowthEvaluationReport;

/** sMAPE of holding 1 270 over days 1..h but 6, computed here from the counts. */
function persistenceSmape(h: number): number {
  const days = Array.from({ length: h }, (_, k) => k + 1).filter((d) => d !== 6);
  return days.reduce((s, d) => s + (200 * Math.abs(accelerating(27 + d) - 1270)) / (accelerating(27 + d) + 1270), 0) / days.length;
}

beforeAll(async () => {
  report = { ...(await evaluateGrowth([hand, empty], persistenceForecaster, { heldOutShare: 0.5 })), data: 'hand.jsonl' };
});

describe('a growth report as text', () => {
  it('says what was judged, then a table per horizon with a row per channel and the pooled row, then the targets', () => {
    const lines = formatReport(report).split('\n');
    expect(lines[0]).toBe('growth persistence on hand.jsonl');
    expect(lines[1]).toMatch(/^held out: the last 50 % of each channel's days of subscriber counts; forecasts from the last day before the cut and every 7 days after it while 28 days of counts follow, .* \(1000 resamples, seed 1\); /);
    const fields = (line: string) => line.trim().split(/ {2,}/);
    const week = lines.indexOf('7 days ahead');
    expect(fields(lines[week + 1]!)).toEqual(['channel', 'origins', 'days', 'model MAE', 'naive MAE', 'relative MAE [95 % CI]', 'verdict', 'MASE', 'sMAPE', 'bias', '80 % coverage', '95 % coverage']);
    const handRow = ['1', '6', '48.3', '11.7', '4.14 [4.14, 4.14]', 'significantly worse', '0.69', `${persistenceSmape(7).toFixed(3)} %`, '-48.3', '16.7 %', '50.0 %'];
    expect(fields(lines[week + 3]!)).toEqual(['hand', ...handRow]);
    expect(fields(lines[week + 4]!)).toEqual(['empty', 'too short to judge: no subscriber counts']);
    expect(fields(lines[week + 6]!)).toEqual(['overall (1 channel)', ...handRow]);
    const month = lines.indexOf('28 days ahead');
    expect(month).toBeGreaterThan(week);
    expect(fields(lines[month + 3]!)).toEqual(['hand', '1', '27', '267.4', '119.3', '2.24 [2.24, 2.24]', 'significantly worse', '3.82', `${persistenceSmape(28).toFixed(3)} %`, '-267.4', '3.7 %', '11.1 %']);
    expect(lines.slice(-5)).toEqual([
      'channels: 1 judged, 1 too short',
      'targets: the median over channels of the relative MAE at most 0.85; the pooled coverage within 5 points of 80 % and 95 %',
      '  7 days: median relative MAE 4.14 (not met); 80 % coverage 16.7 % (not met); 95 % coverage 50.0 % (not met)',
      '  28 days: median relative MAE 2.24 (not met); 80 % coverage 3.7 % (not met); 95 % coverage 11.1 % (not met)',
      '',
    ]);
  });

  it('says so when no channel could be judged', async () => {
    const none = await evaluateGrowth([empty], persistenceForecaster);
    expect(formatReport(none)).toMatch(/\nempty +too short to judge: no subscriber counts\n\nno channel had enough days to judge\n$/);
  });

  it('as JSON: the report object as it is', () => {
    expect(JSON.parse(reportJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

describe('a growth report as Markdown', () => {
  it('a row per data set and horizon; a data set with nothing judged says why', async () => {
    const none = await evaluateGrowth([empty], persistenceForecaster);
    const table = markdownGrowthSummary([
      { label: 'hand', report },
      { label: 'dona134', report: none },
    ]).split('\n');
    expect(table[0]).toBe(
      '| data | days ahead | judged channels (origins, days) | model MAE | seasonal naive on daily gains MAE | relative MAE, pooled [95 % CI] | relative MAE, median over channels | channels better (significantly) / worse (significantly) | MASE | sMAPE | 80 % coverage | 95 % coverage |',
    );
    expect(table[1]).toBe('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    expect(table.slice(2)).toEqual([
      `| hand | 7 | 1 (1, 6) | 48.3 | 11.7 | 4.14 [4.14, 4.14] | 4.14 | 0 (0) / 1 (1) | 0.69 | ${persistenceSmape(7).toFixed(2)} % | 16.7 % | 50.0 % |`,
      `| hand | 28 | 1 (1, 27) | 267.4 | 119.3 | 2.24 [2.24, 2.24] | 2.24 | 0 (0) / 1 (1) | 3.82 | ${persistenceSmape(28).toFixed(2)} % | 3.7 % | 11.1 % |`,
      '| dona134 | – | none (1 channel: no subscriber counts) | – | – | – | – | – | – | – | – | – |',
    ]);
  });

  it('the targets per horizon, with the value each is about', () => {
    expect(markdownGrowthTargets(report).split('\n')).toEqual([
      '| days ahead | median relative MAE (target ≤ 0.85) | pooled 80 % coverage (target 75.0 % – 85.0 %) | pooled 95 % coverage (target 90.0 % – 100.0 %) |',
      '| --- | ---: | ---: | ---: |',
      '| 7 | 4.14: not met | 16.7 %: not met | 50.0 %: not met |',
      '| 28 | 2.24: not met | 3.7 %: not met | 11.1 %: not met |',
    ]);
  });
});
