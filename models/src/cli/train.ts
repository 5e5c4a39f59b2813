/**
 * `pnpm train <model>`: trains a model, evaluates it on what training never saw, and writes it
 * as a new version (or, with --commit, over the committed artifact).
 *
 *   pnpm train engagement [--file F ...] [--sim-channels N] [--held-out 0.2] [--epochs N]
 *                         [--version V] [--out DIR | --commit] [--activate]
 *
 * With --file, each channel's early posts (evaluation/time-split.ts) are trained on beside the
 * simulator's channels, and the trained model is judged on the later ones; without, it is judged
 * on the evaluation simulator. Beside model.onnx and model.json (which carries the report under
 * `evaluation`) go training-curve.csv and evaluation.json. With MONGODB_URI set, the version is
 * also registered in the model registry (active only with --activate). Deterministic for the
 * same command and version on one machine.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@telepulse/platform/repo-layout';
import { ENGAGEMENT_ARTIFACT_DIR } from '../engagement/artifact.js';
import { ENGAGEMENT_TRAINING, trainEngagementModel, type EngagementTrainingConfig } from '../engagement/training/train.js';
import { evaluationSimulation } from '../evaluation/evaluation-data.js';
import { EVALUATORS } from '../evaluation/evaluators.js';
import { formatReport } from '../evaluation/report-format.js';
import { splitChannel } from '../evaluation/time-split.js';
import { readChannelFiles, type ChannelFiles } from './channel-files.js';
import { readModelCliEnv } from './cli-env.js';
import { displayPath, heldOutOption, parseCommandLine, runCommand, UsageError } from './cli-options.js';
import { registryTarget, withModelRegistry } from './model-registry-connection.js';
import { TrainingCurve } from './training-curve.js';
import { writeTrainedVersion } from './trained-version.js';
import { trainingProgressDisplay } from './training-progress.js';

const USAGE = `usage: pnpm train engagement [--file F ...] [--sim-channels N] [--held-out 0.2] [--epochs N] [--version V] [--out DIR | --commit] [--activate]

  --file F          channels to train on besides the simulator's: .jsonl (interchange) or .csv (channel export);
                    repeatable. Only each channel's early posts train; the later ones (--held-out) judge the model.
  --sim-channels N  simulated channels mixed in (default ${ENGAGEMENT_TRAINING.data.simulator.channels}; at least 3: calibration and test channels come from them)
  --held-out S      share of each file channel's posts kept for evaluation, the last ones; default 0.2
  --epochs N        default ${ENGAGEMENT_TRAINING.epochs}
  --version V       default ${ENGAGEMENT_TRAINING.version}+<data>.<yyyymmddhhmm UTC> (with --commit and no file: ${ENGAGEMENT_TRAINING.version})
  --out DIR         where to write; default models/versions/engagement/<version>/
  --commit          write over the committed artifact models/artifacts/engagement/
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
  if (model !== 'engagement' || extra.length > 0) throw new UsageError(`unknown model: ${positionals.join(' ') || '(none)'}; models: engagement`);
  const epochs = wholeNumber('--epochs', values.epochs, ENGAGEMENT_TRAINING.epochs, 1);
  const simChannels = simChannelsOption(values['sim-channels']);
  const heldOutShare = heldOutOption(values['held-out']);
  if (values.commit && values.out !== undefined) throw new UsageError('--out and --commit name two places: give one');
  const env = readModelCliEnv();
  if (values.activate && !env.MONGODB_URI) throw new UsageError('--activate needs MONGODB_URI (the MongoDB that holds the model registry)');

  const files: ChannelFiles | undefined = values.file?.length ? await readChannelFiles(values.file) : undefined;
  const version = values.version ?? defaultVersion(files, values.commit ?? false);
  if (!/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(version)) throw new UsageError(`--version must be letters, digits, ".", "+" and "-" (e.g. 1.1.0+dona134), got ${JSON.stringify(version)}`);
  const out = values.commit ? ENGAGEMENT_ARTIFACT_DIR : (values.out ?? join(repoRoot, 'models', 'versions', 'engagement', version));
  if (!values.commit && values.out === undefined && (await exists(out))) throw new UsageError(`${displayPath(out)} exists: versions are not overwritten; pick another --version`);

  const config = trainingConfig(version, epochs, simChannels);
  const splits = (files?.channels ?? []).map((channel) => ({ channel, ...splitChannel(channel, { heldOutShare }) }));
  const early = splits.map((s) => s.early);
  const { train, calibration, test } = simulatedSplit(config);
  console.log(`training engagement ${version}: ${epochs} epochs`);
  console.log(`  simulated: ${config.data.simulator.channels} channels (seed ${config.data.simulator.seed}): ${train} train, ${calibration} calibration, ${test} test`);
  if (files) {
    const posts = (f: (s: (typeof splits)[number]) => number) => splits.reduce((n, s) => n + f(s), 0);
    console.log(`  files: ${files.description}: ${posts((s) => s.heldOutFrom)} early posts train, ${posts((s) => s.channel.posts.length - s.heldOutFrom)} later posts held out for evaluation`);
  }

  const progress = trainingProgressDisplay();
  const curve = new TrainingCurve();
  const started = performance.now();
  let artifact;
  try {
    artifact = await trainEngagementModel(config, {
      channels: early,
      onProgress: (p) => {
        curve.record(p);
        progress.onProgress(p);
      },
      log: progress.log,
    });
  } finally {
    progress.stop();
  }
  const examples = artifact.metadata.data.examples;
  console.log(`trained in ${seconds(started)} s on ${examples.train} examples (simulated and file channels' early posts), best epoch ${artifact.metadata.training.bestEpoch}`);
  const held = artifact.metadata.metrics.test;
  if (!(held.mae < held.baselineMae)) {
    const verdict = `the model does not beat rolling-16 on held-out simulated channels (MAE ${held.mae} >= ${held.baselineMae})`;
    // A committed or served model must at least beat the naive forecast; a trial version may be kept to look at.
    if (values.commit || values.activate) throw new Error(`${verdict}: not written over the committed artifact, not activated`);
    console.log(`warning: ${verdict}`);
  }

  const { metadata, report } = await writeTrainedVersion(artifact, { judgedOn: files ?? evaluationSimulation(), heldOutShare, curveCsv: curve.toCsv(), dir: out });
  console.log('');
  console.log(formatReport(report));
  console.log(`wrote ${displayPath(out)}/{model.onnx,model.json,training-curve.csv,evaluation.json} (${artifact.onnx.byteLength} bytes, sha256 ${metadata.format.sha256.slice(0, 12)})`);

  if (env.MONGODB_URI) {
    await withModelRegistry(registryTarget(env, EVALUATORS.engagement.database), async (registry, db) => {
      await registry.register('engagement', version, artifact.onnx, metadata, 'training');
      if (values.activate) await registry.activate('engagement', version);
      console.log(`registered engagement@${version} in ${db}${values.activate ? ', active' : ' (not active: --activate makes it serve)'}`);
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
function trainingConfig(version: string, epochs: number, simChannels: number | undefined): EngagementTrainingConfig {
  const base = ENGAGEMENT_TRAINING;
  if (simChannels === undefined || simChannels === base.data.simulator.channels) return { ...base, version, epochs };
  const share = (held: number) => Math.max(1, Math.round((simChannels * held) / base.data.simulator.channels));
  return {
    ...base,
    version,
    epochs,
    data: { ...base.data, simulator: { ...base.data.simulator, channels: simChannels }, split: { calibration: share(base.data.split.calibration), test: share(base.data.split.test) } },
  };
}

function simulatedSplit(config: EngagementTrainingConfig) {
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
function defaultVersion(files: ChannelFiles | undefined, commit: boolean): string {
  if (commit && !files) return ENGAGEMENT_TRAINING.version;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 12);
  return `${ENGAGEMENT_TRAINING.version}+${files?.label ?? 'sim'}.${stamp}`;
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
