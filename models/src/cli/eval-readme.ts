/**
 * `pnpm eval:readme [--model NAME]`: regenerates the README's evaluation tables of the committed models from a
 * run of the evaluation itself: the default simulated data and every real channel export under
 * ../shared/data (which has no subscriber counts: the growth table says so). It replaces what
 * sits between `<!-- eval:<model>:start -->` and `<!-- eval:<model>:end -->`, so the README never
 * quotes a number no run produced.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultDona134CsvPath } from '@telepulse/dataset';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { evaluationSimulation } from '../evaluation/evaluation-data.js';
import { isContentCnnReport } from '../evaluation/content-cnn-report.js';
import type { ModelReport } from '../evaluation/evaluation-report.js';
import { EVALUATORS, evaluatorFor } from '../evaluation/evaluators.js';
import { isGrowthReport } from '../evaluation/growth-report.js';
import { isViralReport } from '../evaluation/viral-report.js';
import { markdownViralSummary } from '../evaluation/viral-report-markdown.js';
import { markdownCalibration, markdownContentCnnSummary, markdownGrowthSummary, markdownGrowthTargets, markdownSummary } from '../evaluation/report-markdown.js';
import { readChannelFiles } from './channel-files.js';
import { parseCommandLine, runCommand, UsageError } from './cli-options.js';

const USAGE = `usage: pnpm eval:readme [--model ${Object.keys(EVALUATORS).join('|')} ...]

  --model NAME  regenerate only this model's tables (repeatable); default every model's`;

await runCommand('eval:readme', USAGE, async () => {
  const { values } = parseCommandLine({ allowPositionals: false, options: { model: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const evaluators = (values.model ?? Object.keys(EVALUATORS)).map((name) => {
    const evaluator = evaluatorFor(name);
    if (!evaluator) throw new UsageError(`unknown model: ${name}; models: ${Object.keys(EVALUATORS).join(', ')}`);
    return evaluator;
  });
  const readmePath = join(repoRoot, 'README.md');
  let readme = await readFile(readmePath, 'utf8');
  for (const evaluator of evaluators) {
    const subject = await evaluator.fromArtifact();
    try {
      const sim = evaluationSimulation();
      const real = await readChannelFiles([defaultDona134CsvPath()]);
      const reports = [
        { label: `simulator, ${sim.channels.length} channels never trained on`, report: await subject.evaluate(sim.channels) },
        { label: `${real.description}, its last 20 %`, report: await subject.evaluate(real.channels) },
      ];
      const command = `pnpm eval${evaluator.name === 'engagement' ? '' : ` --model ${evaluator.name}`}`;
      const block = [`Committed ${evaluator.name} ${subject.version}, \`${command}\` and \`${command} --file ../shared/data/telegram-channel-dona134.csv\`:`, '', ...tables(reports)].join('\n');
      readme = replaceBlock(readme, evaluator.name, block);
      console.log(`${evaluator.name} ${subject.version}: tables regenerated`);
    } finally {
      await subject.dispose();
    }
  }
  await writeFile(readmePath, readme);
  console.log('wrote README.md');
});

/** The tables of one model's reports, the simulated data's first: engagement's summary and calibration, growth's summary and targets, the content CNN's and content-viral's summaries. */
function tables(reports: readonly { label: string; report: ModelReport }[]): string[] {
  const content = reports.flatMap(({ label, report }) => (isContentCnnReport(report) ? [{ label, report }] : []));
  if (content.length > 0) return [markdownContentCnnSummary(content)];
  const viral = reports.flatMap(({ label, report }) => (isViralReport(report) ? [{ label, report }] : []));
  if (viral.length > 0) return [markdownViralSummary(viral)];
  const growth = reports.flatMap(({ label, report }) => (isGrowthReport(report) ? [{ label, report }] : []));
  if (growth.length > 0) {
    return [markdownGrowthSummary(growth), '', `Issue 9's targets on the simulated channels:`, '', markdownGrowthTargets(growth[0]!.report)];
  }
  const engagement = reports.flatMap(({ label, report }) => (isGrowthReport(report) || isContentCnnReport(report) || isViralReport(report) ? [] : [{ label, report }]));
  return [markdownSummary(engagement), '', `Calibration of the stated confidence on the simulated channels, by decile:`, '', markdownCalibration(engagement[0]!.report)];
}

function replaceBlock(text: string, name: string, block: string): string {
  const start = `<!-- eval:${name}:start -->`;
  const end = `<!-- eval:${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block to regenerate`);
  return `${text.slice(0, from + start.length)}\n${block}\n${text.slice(to)}`;
}
