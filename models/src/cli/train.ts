/**
 * `pnpm train <model>`: trains a model, evaluates it on what training never saw, and writes it
 * as a new version (or, with --commit, over the committed artifact).
 *
 *   pnpm train engagement|growth|content-cnn|content-viral [--file F ...] [--sim-channels N] [--held-out 0.2] [--epochs N]
 *                                [--version V] [--out DIR | --commit] [--activate]
 *
 * With --file, each channel's early posts or days of subscriber counts (evaluation/time-split.ts)
 * are trained on beside the simulator's channels, and the trained model is judged on the later
 * ones; without, it is judged on the evaluation simulator (when `pnpm eval` has an evaluator for
 * the model). Beside model.onnx and model.json (which carries the report under `evaluation`) go
 * training-curve.csv and evaluation.json. With MONGODB_URI set, the version is also registered in
 * the model registry (active only with --activate). Deterministic for the same command and
 * version on one machine.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { evaluationSimulation } from '../evaluation/evaluation-data.js';
import { formatReport } from '../evaluation/report-format.js';
import { splitChannel } from '../evaluation/time-split.js';
import { readChannelFiles, type ChannelFiles } from './channel-files.js';
import { readModelCliEnv } from './cli-env.js';
import { displayPath, heldOutOption, parseCommandLine, runCommand, UsageError } from './cli-options.js';
import { registryTarget, withModelRegistry } from './model-registry-connection.js';
import { isTrainedModelName, TRAINERS, type ModelTrainer, type TrainableConfig, type TrainedMetadata } from './model-trainers.js';
import { TrainingCurve } from './training-curve.js';
import { writeTrainedVersion } from './trained-version.js';
import { trainingProgressDisplay } from './training-progress.js';

const MODELS = Object.keys(TRAINERS).join('|');

const USAGE = `usage: pnpm train ${MODELS} [--file F ...] [--sim-channels N] [--held-out 0.2] [--epochs N] [--version V] [--out DIR | --commit] [--activate]

  --file F          channels to train on besides the simulator's: .jsonl (interchange) or .csv (channel export);
                    repeatable. Only each channel's early posts (engagement, content) or days of subscriber counts (growth)
                    train; the later ones (--held-out) judge the model.
  --sim-channels N  simulated channels mixed in (default ${Object.values(TRAINERS).map((t) => `${t.name} ${t.committed.data.simulator.channels}`).join(', ')}; at least 3: calibration and test channels come from them)
  --held-out S      share of each file channel's posts and days kept for evaluation, the last ones; default 0.2
  --epochs N        default ${Object.values(TRAINERS).map((t) => `${t.name} ${t.committed.epochs}`).join(', ')}
  --version V       default <committed version>+<data>.<yyyymmddhhmm UTC> (with --commit and no file: the committed version, ${Object.values(TRAINERS).map((t) => `${t.name} ${t.committed.version}`).join(', ')})
  --out DIR         where to write; default models/versions/<model>/<version>/
  --commit          write over the committed artifact models/artifacts/<model>/
  --activate        with MONGODB_URI: make the registered version the one that serves`;

/** Simulated channels below this leave no train channel beside one calibration and one test channel. */
const MIN_SIM_CHANNELS = 3;

await runCommand('train', USAGE, main);

async function main(): Promise<void> {
  const { values, positionals } = parseOptions();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [model, ...extra] = positionals;
  if (!isTrainedModelName(model) || extra.length > 0) throw new UsageError(`unknown model: ${positionals.join(' ') || '(none)'}; models: ${Object.keys(TRAINERS).join(', ')}`);
  // One call per model, so each trainer keeps its own config and metadata types.
  if (model === 'growth') await trainModel(TRAINERS.growth, values);
  else if (model === 'content-cnn') await trainModel(TRAINERS['content-cnn'], values);
  else if (model === 'content-viral') await trainModel(TRAINERS['content-viral'], values);
  else await trainModel(TRAINERS.engagement, values);
}

type Options = ReturnType<typeof parseOptions>['values'];

async function trainModel<C extends TrainableConfig, M extends TrainedMetadata>(trainer: ModelTrainer<C, M>, values: Options): Promise<void> {
  const epochs = wholeNumber('--epochs', values.epochs, trainer.committed.epochs, 1);
  const simChannels = simChannelsOption(values['sim-channels']);
  const heldOutShare = heldOutOption(values['held-out']);
  if (values.commit && values.out !== undefined) throw new UsageError('--out and --commit name two places: give one');
  const env = readModelCliEnv();
  if (values.activate && !env.MONGODB_URI) throw new UsageError('--activate needs MONGODB_URI (the MongoDB that holds the model registry)');

  const files: ChannelFiles | undefined = values.file?.length ? await readChannelFiles(values.file) : undefined;
  const version = values.version ?? defaultVersion(trainer.committed.version, files, values.commit ?? false);
  if (!/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(version)) throw new UsageError(`--version must be letters, digits, ".", "+" and "-" (e.g. 1.1.0+dona134), got ${JSON.stringify(version)}`);
  const out = values.commit ? trainer.artifactDir : (values.out ?? join(repoRoot, 'models', 'versions', trainer.name, version));
  if (!values.commit && values.out === undefined && (await exists(out))) throw new UsageError(`${displayPath(out)} exists: versions are not overwritten; pick another --version`);

  const config = trainingConfig(trainer.committed, version, epochs, simChannels);
  const splits = (files?.channels ?? []).map((channel) => ({ channel, ...splitChannel(channel, { heldOutShare }) }));
  const { train, calibration, test } = simulatedSplit(config);
  console.log(`training ${trainer.name} ${version}: ${epochs} epochs`);
  console.log(`  simulated: ${config.data.simulator.channels} channels (seed ${config.data.simulator.seed}): ${train} train, ${calibration} calibration, ${test} test`);
  if (files) console.log(`  files: ${files.description}: ${trainer.describeFiles(splits)}`);

  const progress = trainingProgressDisplay();
  const curve = new TrainingCurve();
  const started = performance.now();
  let artifact;
  try {
    artifact = await trainer.train(config, {
      channels: splits.map((s) => s.early),
      onProgress: (p) => {
        curve.record(p);
        progress.onProgress(p);
      },
      log: progress.log,
    });
  } finally {
    progress.stop();
  }
  console.log(`trained in ${seconds(started)} s on ${artifact.metadata.data.examples.train} examples (simulated and file channels' early part), best epoch ${artifact.metadata.training.bestEpoch}`);
  for (const line of trainer.summary(artifact.metadata)) console.log(line);
  const shortfall = trainer.shortfall(artifact.metadata);
  if (shortfall) {
    // A committed or served model must at least beat the naive forecast; a trial version may be kept to look at.
    if (values.commit || values.activate) throw new Error(`${shortfall}: not written over the committed artifact, not activated`);
    console.log(`warning: ${shortfall}`);
  }

  const { metadata, report, files: written } = await writeTrainedVersion(artifact, { judgedOn: files ?? evaluationSimulation(), heldOutShare, curveCsv: curve.toCsv(), dir: out });
  console.log('');
  if (report) console.log(formatReport(report));
  else console.log(`(pnpm eval has no evaluator for ${trainer.name} yet: no evaluation.json)`);
  console.log(`wrote ${displayPath(out)}/{${written.join(',')}} (${artifact.onnx.byteLength} bytes, sha256 ${metadata.format.sha256.slice(0, 12)})`);

  if (env.MONGODB_URI) {
    await withModelRegistry(registryTarget(env, trainer.database), async (registry, db) => {
      await registry.register(trainer.name, version, artifact.onnx, metadata, 'training');
      if (values.activate) await registry.activate(trainer.name, version);
      console.log(`registered ${trainer.name}@${version} in ${db}${values.activate ? ', active' : ' (not active: --activate makes it serve)'}`);
    });
  }
}

function parseOptions() {
  return parseCommandLine({
    allowPositionals: true,
    options: {
      file: { type: 'string', multiple: true },
      'sim-channels': { type: 'string' },
      'held-out': { type: 'string' },
      epochs: { type: 'string' },
      version: { type: 'string' },
      out: { type: 'string' },
      commit: { type: 'boolean' },
      activate: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * The committed config with the run's version, epochs and simulated channels. Fewer simulated
 * channels keep the committed shares of calibration and test channels (40 + 40 of 400), at least one each.
 */
function trainingConfig<C extends TrainableConfig>(base: C, version: string, epochs: number, simChannels: number | undefined): C {
  if (simChannels === undefined || simChannels === base.data.simulator.channels) return { ...base, version, epochs };
  const share = (held: number) => Math.max(1, Math.round((simChannels * held) / base.data.simulator.channels));
  return {
    ...base,
    version,
    epochs,
    data: { ...base.data, simulator: { ...base.data.simulator, channels: simChannels }, split: { calibration: share(base.data.split.calibration), test: share(base.data.split.test) } },
  };
}

function simulatedSplit(config: TrainableConfig) {
  const { calibration, test } = config.data.split;
  return { train: config.data.simulator.channels - calibration - test, calibration, test };
}

function simChannelsOption(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '0') {
    throw new UsageError('--sim-channels 0 is not supported yet: the trainer takes its calibration and test channels (confidence fit, final check) from the simulator');
  }
  return wholeNumber('--sim-channels', raw, 0, MIN_SIM_CHANNELS);
}

function wholeNumber(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) throw new UsageError(`${flag} must be a whole number >= ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * `<config version>+<data>.<yyyymmddhhmm>` (UTC), e.g. `1.0.0+dona134.202612011405`; the config's
 * version alone for `--commit` without files, so retraining the committed artifact reproduces it.
 */
function defaultVersion(committed: string, files: ChannelFiles | undefined, commit: boolean): string {
  if (commit && !files) return committed;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 12);
  return `${committed}+${files?.label ?? 'sim'}.${stamp}`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(0);
}
