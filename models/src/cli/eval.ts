/**
 * `pnpm eval`: judges a trained model on the held-out (later) part of each channel against its
 * baselines (engagement: the channel median and rolling-16; growth: the seasonal naive on daily
 * gains, at 7 and 28 days ahead), and prints a table per channel with the pooled result; writes
 * the report as JSON. Trains nothing.
 *
 *   pnpm eval [--file F ...] [--model engagement] [--artifact DIR | --registry] [--held-out 0.2] [--json PATH]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { evaluationSimulation, EVALUATION_SIMULATION } from '../evaluation/evaluation-data.js';
import { EVALUATORS, evaluatorFor, type EvaluationSubject, type ModelEvaluator } from '../evaluation/evaluators.js';
import { formatReport, reportJson } from '../evaluation/report-format.js';
import { readChannelFiles } from './channel-files.js';
import { readModelCliEnv, type ModelCliEnv } from './cli-env.js';
import { displayPath, heldOutOption, parseCommandLine, runCommand, UsageError } from './cli-options.js';
import { registryTarget, withModelRegistry } from './model-registry-connection.js';

const USAGE = `usage: pnpm eval [--file F ...] [--model ${Object.keys(EVALUATORS).join('|')}] [--artifact DIR | --registry] [--held-out 0.2] [--json PATH]

  --file F        channels to judge: .jsonl (interchange) or .csv (channel export); repeatable.
                  Default: the simulator with seed ${EVALUATION_SIMULATION.seed}, which training never uses.
  --model NAME    default engagement
  --artifact DIR  a trained version's directory (model.onnx + model.json); default the committed artifact
  --registry      the active version in the MongoDB model registry (needs MONGODB_URI)
  --held-out S    share of each channel's posts (and days of subscriber counts) held out, the last ones; default 0.2
  --json PATH     where to write the report; default .tmp/eval/<model>-<data>.json`;

await runCommand('eval', USAGE, main);

async function main(): Promise<void> {
  const { values } = parseOptions();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const evaluator = evaluatorFor(values.model ?? 'engagement');
  if (!evaluator) throw new UsageError(`unknown model: ${values.model}; models: ${Object.keys(EVALUATORS).join(', ')}`);
  if (values.artifact !== undefined && values.registry) throw new UsageError('--artifact and --registry name two models: give one');
  const heldOutShare = heldOutOption(values['held-out']);
  const env = readModelCliEnv();
  if (values.registry && !env.MONGODB_URI) throw new UsageError('--registry needs MONGODB_URI (the MongoDB that holds the model registry)');

  const data = values.file?.length ? await readChannelFiles(values.file) : { ...evaluationSimulation(), label: 'sim' };
  const { subject, source } = await loadModel(evaluator, values, env);
  try {
    console.log(`model: ${evaluator.name} ${subject.version} (${source})`);
    console.log(`data: ${data.description}`);
    const report = { ...(await subject.evaluate(data.channels, { heldOutShare })), data: data.description };
    console.log('');
    console.log(formatReport(report));
    const path = values.json ?? join(repoRoot, '.tmp', 'eval', `${evaluator.name}-${data.label}.json`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, reportJson(report));
    console.log(`wrote ${displayPath(path)}`);
  } finally {
    await subject.dispose();
  }
}

function parseOptions() {
  return parseCommandLine({
    allowPositionals: false,
    options: {
      file: { type: 'string', multiple: true },
      model: { type: 'string' },
      artifact: { type: 'string' },
      registry: { type: 'boolean' },
      'held-out': { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function loadModel(
  evaluator: ModelEvaluator,
  values: { artifact?: string; registry?: boolean },
  env: ModelCliEnv,
): Promise<{ subject: EvaluationSubject; source: string }> {
  if (values.registry) {
    return withModelRegistry(registryTarget(env, evaluator.database), async (registry, db) => {
      const active = await registry.loadActive(evaluator.name);
      if (!active) throw new UsageError(`the model registry in ${db} has no active ${evaluator.name} version`);
      return { subject: await evaluator.fromBytes(active.onnx, active.version.metadata), source: `active version in the model registry of ${db}` };
    });
  }
  if (values.artifact !== undefined) {
    try {
      return { subject: await evaluator.fromArtifact(values.artifact), source: `trained version in ${values.artifact}` };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--artifact ${values.artifact}: no model.onnx and model.json there`);
      throw error;
    }
  }
  return { subject: await evaluator.fromArtifact(), source: `committed artifact ${relative(repoRoot, evaluator.committedArtifact)}` };
}
