import { createHash } from 'node:crypto';
import ort from 'onnxruntime-node';
import type * as tfl from '@tensorflow/tfjs-layers';
import type * as tfc from '@tensorflow/tfjs-core';
import { engagementRate, Random, type ChannelRecord } from '@telepulse/dataset';
import type { TrainingProgress } from '../../training/progress.js';
import type { TrainingRunOptions } from '../../training/training-run.js';
import { fitEpochs } from '../../training/fit-epochs.js';
import { initTf, withSeededMathRandom, type TfBackendName } from '../../training/tf.js';
import { featureStats } from '../../training/feature-stats.js';
import { referenceStatistics, type ModelReference } from '../../evaluation/reference-statistics.js';
import { engagementDriftFeatures } from '../drift-features.js';
import { uniformArray } from '../../training/random.js';
import { ONNX_IR_VERSION, ONNX_OPSET } from '../../onnx/builder.js';
import type { EngagementArtifact } from '../artifact.js';
import { CONFIDENCE_SIGNALS, HIT_TOLERANCE, confidenceScore, confidenceSignals, isHit, median } from '../confidence.js';
import { featureFor, FEATURES_PER_POST, INPUT_COLUMNS, MIN_HISTORY_POSTS } from '../features.js';
import { engagementIo, type EngagementModelMetadata } from '../metadata.js';
import { buildEngagementNetwork, resolveEngagementArchitecture, type EngagementArchitectureOptions } from './architecture.js';
import { engagementDatasets, type EngagementDataConfig } from './datasets.js';
import { calibrationTable, confidenceInputs, heldOutMetrics, outputsFromFlat, predictWithOnnx, ratesOf } from './evaluate.js';
import { historyOf } from '../channel-posts.js';
import { buildExamples, type EngagementExample } from './examples.js';
import { exportEngagementOnnx } from './export-onnx.js';
import { fitConfidenceModel, fitIsotonic } from './fit-confidence.js';

export interface EngagementTrainingConfig {
  version: string;
  data: EngagementDataConfig;
  architecture: EngagementArchitectureOptions;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /**
   * Weight of a plain L1 term on the log ratio beside the Laplace likelihood: the likelihood alone
   * lets the network give up on hard posts by widening their scale; the L1 term keeps their
   * median honest.
   */
  l1Weight: number;
  /** Examples per file channel are repeated this often: a few real channels among hundreds of simulated ones. */
  fileWeight: number;
  backend: TfBackendName;
}

/** What `pnpm train engagement` trains: the committed artifact comes from exactly this. */
export const ENGAGEMENT_TRAINING: EngagementTrainingConfig = {
  version: '2.1.0',
  data: {
    seed: 2024,
    // Many channels with few examples each: what generalises to a new channel is reading its
    // level and its kinds of posts off its history, and that needs many different channels.
    simulator: { seed: 7, channels: 400, days: 240, endDate: '2024-12-31' },
    split: { calibration: 40, test: 40 },
    perChannel: 60,
    heldOutPerChannel: 150,
    earlyShare: 0.2,
    untimedShare: 0.2,
    historyPosts: 32,
  },
  architecture: { historyPosts: 32, hidden: 48, layers: 1, dense: 32, dropout: 0.1, seed: 42 },
  epochs: 10,
  batchSize: 64,
  learningRate: 0.003,
  l1Weight: 0.5,
  fileWeight: 3,
  backend: 'wasm',
};

/** Progress reports: `validationMae` is the validation MAE of the engagement rate. */
export type { TrainingProgress };

export type EngagementTrainingOptions = TrainingRunOptions;

/**
 * Trains the engagement LSTM on simulated channels (and the early part of any channels given),
 * keeps the epoch with the lowest validation error, exports it to ONNX and validates the export
 * (parity with tfjs), measures its error against the rolling-16 baseline on held-out simulated
 * channels (metrics.test: whether that is good enough is the caller's call, see `pnpm train
 * --commit`) and fits the confidence model. Deterministic for a config on one machine.
 */
export async function trainEngagementModel(config: EngagementTrainingConfig, options: EngagementTrainingOptions = {}): Promise<EngagementArtifact> {
  const log = options.log ?? (() => {});
  const architecture = resolveEngagementArchitecture({ ...config.architecture, historyPosts: config.data.historyPosts });
  const { data, fileExamples } = engagementTrainingData(config, options.channels ?? []);
  log(
    `examples: ${data.train.length} train (${fileExamples.length} × ${config.fileWeight} from ${options.channels?.length ?? 0} file channels), ` +
      `${data.calibration.length} calibration, ${data.test.length} test (${data.split.train}/${data.split.calibration}/${data.split.test} simulated channels)`,
  );

  const tf = await initTf(config.backend);
  const steps = architecture.historyPosts + 1;
  const toTensor = (examples: readonly { input: Float32Array }[]) => {
    const flat = new Float32Array(examples.length * steps * FEATURES_PER_POST);
    examples.forEach((e, i) => flat.set(e.input, i * steps * FEATURES_PER_POST));
    return tf.tensor3d(flat, [examples.length, steps, FEATURES_PER_POST]);
  };
  const loss = engagementLoss(tf, config.l1Weight);

  const { model, history, bestEpoch } = await withSeededMathRandom(config.data.seed, async () => {
    const model = buildEngagementNetwork(architecture);
    startAtChannelLevel(tf, model);
    model.compile({ optimizer: tf.train.adam(config.learningRate), loss });

    const calibrationX = toTensor(data.calibration);
    const { history, bestEpoch } = await fitEpochs(tf, model, {
      train: data.train,
      epochs: config.epochs,
      batchSize: config.batchSize,
      order: new Random(config.data.seed).fork('epochs'),
      tensors: (examples) => ({ x: toTensor(examples), y: tf.tensor2d(examples.flatMap((e) => [e.targetRatio, 0]), [examples.length, 2]) }),
      validate: (epoch, trainLoss) => {
        const predicted = model.predict(calibrationX) as ReturnType<typeof tf.tensor>;
        const calibration = heldOutMetrics(data.calibration, ratesOf(data.calibration, outputsFromFlat(predicted.dataSync())));
        predicted.dispose();
        return {
          score: calibration.mae,
          validationMae: calibration.mae,
          record: { epoch, trainLoss, calibrationMae: calibration.mae },
          line: `validation MAE ${calibration.mae} (rolling-16 ${calibration.baselineMae})`,
        };
      },
      onProgress: options.onProgress,
      log,
    });
    calibrationX.dispose();
    return { model, history, bestEpoch };
  });

  const onnx = exportEngagementOnnx(model, { docString: `telepulse engagement ${config.version}` });
  const session = await ort.InferenceSession.create(onnx);

  // Parity: tfjs and ONNX Runtime on random inputs and on real held-out inputs, both outputs.
  const random = uniformArray(new Random(config.data.seed).fork('parity'), 256 * steps * FEATURES_PER_POST);
  const parityInputs = [
    ...Array.from({ length: 256 }, (_, i) => ({ input: random.subarray(i * steps * FEATURES_PER_POST, (i + 1) * steps * FEATURES_PER_POST) })),
    ...data.test.slice(0, 256),
  ];
  const parityX = toTensor(parityInputs);
  const tfjsOut = outputsFromFlat((model.predict(parityX) as ReturnType<typeof tf.tensor>).dataSync());
  const onnxOut = await predictWithOnnx(session, parityInputs);
  const maxAbsDiff = onnxOut.reduce((m, o, i) => Math.max(m, Math.abs(o.ratio - tfjsOut[i]!.ratio), Math.abs(o.logScale - tfjsOut[i]!.logScale)), 0);
  parityX.dispose();
  model.dispose();
  log(`parity: max |tfjs - onnx| = ${maxAbsDiff.toExponential(2)} over ${parityInputs.length} inputs`);
  if (!(maxAbsDiff <= 1e-4)) throw new Error(`ONNX export does not match tfjs: max abs diff ${maxAbsDiff} > 1e-4`);

  // Confidence, fitted on calibration channels, judged on test channels.
  const calibrationOutputs = await predictWithOnnx(session, data.calibration);
  const confidenceModel = fitConfidenceModel(
    data.calibration.map((e, i) => {
      const inputs = confidenceInputs(e, calibrationOutputs[i]!, architecture.historyPosts);
      return { signals: confidenceSignals(inputs), hit: isHit(e.target, inputs.prediction) };
    }),
  );
  const coefficients = confidenceModel.coefficients.map(round);
  const isotonic = fitIsotonic(
    data.calibration.map((e, i) => {
      const inputs = confidenceInputs(e, calibrationOutputs[i]!, architecture.historyPosts);
      return { score: confidenceScore({ coefficients }, inputs), hit: isHit(e.target, inputs.prediction) };
    }),
  );
  const roundedConfidence = { coefficients, isotonic: { scores: isotonic.scores.map(round), rates: isotonic.rates.map(round) } };
  const testOutputs = await predictWithOnnx(session, data.test);
  const testRates = ratesOf(data.test, testOutputs);
  const subset = (keep: (e: EngagementExample) => boolean) => {
    const idx = data.test.map((e, i) => (keep(e) ? i : -1)).filter((i) => i >= 0);
    return heldOutMetrics(
      idx.map((i) => data.test[i]!),
      idx.map((i) => testRates[i]!),
    );
  };
  const test = { ...heldOutMetrics(data.test, testRates), withEarlyCounts: subset((e) => e.hasEarlyCounts), withoutEarlyCounts: subset((e) => !e.hasEarlyCounts) };
  log(`test: MAE ${test.mae} vs rolling-16 ${test.baselineMae} (${(test.improvement * 100).toFixed(1)} % ${test.improvement >= 0 ? 'better' : 'WORSE'})`);
  await session.release();

  const historyRows = data.train.flatMap((e) => rowsOf(e.input, architecture.historyPosts).filter((row) => row[INPUT_COLUMNS.indexOf('present')] === 1));
  const views = featureFor('views').scaling;
  const metadata: EngagementModelMetadata = {
    name: 'engagement',
    version: config.version,
    format: { onnxOpset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.byteLength },
    io: engagementIo(architecture.historyPosts),
    postFeatures: INPUT_COLUMNS,
    architecture,
    training: {
      seed: config.data.seed,
      backend: config.backend,
      epochs: config.epochs,
      bestEpoch,
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      loss: `laplace-nll + ${config.l1Weight} × L1 on the log ratio`,
      earlyShare: config.data.earlyShare,
      history,
    },
    data: {
      source: options.channels?.length ? 'simulator + files' : 'simulator',
      simulator: config.data.simulator,
      split: data.split,
      examples: { train: data.train.length, calibration: data.calibration.length, test: data.test.length },
      ...(options.channels?.length ? { files: { channels: options.channels.length, examples: fileExamples.length, ids: options.channels.map((c) => c.id) } } : {}),
      dataRange: data.dataRange,
    },
    fallback: { minHistory: MIN_HISTORY_POSTS, confidence: round(shortHistoryHitRate(data.calibrationChannels)) },
    metrics: { test, parity: { samples: parityInputs.length, maxAbsDiff } },
    confidence: {
      ...roundedConfidence,
      signals: CONFIDENCE_SIGNALS,
      tolerance: HIT_TOLERANCE,
      calibration: calibrationTable(data.test, testOutputs, roundedConfidence, architecture.historyPosts),
    },
    featureStats: {
      ...Object.fromEntries(INPUT_COLUMNS.map((name, f) => [name, featureStats(historyRows.map((row) => row[f]!))])),
      // Raw views too: the subgraph warns about a candidate's early views beyond what training saw.
      views: featureStats(data.calibrationChannels.flatMap((c) => c.posts.map((p) => views.apply(p.views)))),
    },
    targetStats: featureStats(data.train.map((e) => e.target)),
    reference: engagementReference(data.train, architecture.historyPosts),
  };
  return { onnx, metadata };
}

/**
 * The training loss: the Laplace negative log-likelihood of the log ratio (target in the first
 * column of yTrue; scale from the second output), plus `l1Weight` × the plain L1 error. Targets
 * are `[ratio, 0]` rows.
 */
export function engagementLoss(tf: typeof tfc, l1Weight: number) {
  return (yTrue: ReturnType<typeof tf.tensor>, yPred: ReturnType<typeof tf.tensor>) =>
    tf.tidy(() => {
      const target = tf.slice(yTrue, [0, 0], [-1, 1]);
      const ratio = tf.slice(yPred, [0, 0], [-1, 1]);
      const logScale = tf.clipByValue(tf.slice(yPred, [0, 1], [-1, 1]), -4, 2);
      const error = tf.abs(tf.sub(target, ratio));
      return tf.mean(tf.add(tf.add(tf.mul(error, tf.exp(tf.neg(logScale))), logScale), tf.mul(error, l1Weight)));
    });
}

/** Sets a freshly built network's output layer to start at "like the channel's level" with a moderate spread. */
export function startAtChannelLevel(tf: typeof tfc, model: tfl.LayersModel): void {
  const out = model.layers[model.layers.length - 1] as tfl.layers.Layer;
  const [kernel] = out.getWeights();
  out.setWeights([tf.mul(kernel!, 0.1), tf.tensor1d([0, Math.log(0.6)])]);
}

/**
 * The simulated datasets of `config` with the examples of the file channels' early parts added
 * to train (`fileWeight` times): exactly what the trainer learns from, so `pnpm reference` can
 * regenerate it. Deterministic for a config and channels.
 */
export function engagementTrainingData(config: EngagementTrainingConfig, channels: readonly ChannelRecord[]) {
  const data = engagementDatasets(config.data);
  const fileExamples = buildExamples(channels, {
    historyPosts: config.data.historyPosts,
    perChannel: Number.POSITIVE_INFINITY,
    earlyShare: config.data.earlyShare,
    untimedShare: config.data.untimedShare,
    random: new Random(config.data.seed).fork('files'),
  });
  for (let r = 0; r < config.fileWeight; r++) data.train.push(...fileExamples);
  return { data, fileExamples };
}

/** The reference statistics of training inputs for data drift: the drift features (drift-features.ts) of every training example. */
export function engagementReference(train: readonly { input: Float32Array }[], historyPosts: number): ModelReference {
  return { features: referenceStatistics(train.map((e) => engagementDriftFeatures(e.input, historyPosts))) };
}

/** How often the baseline (the median of what history there is) hits for posts with 1 to MIN_HISTORY_POSTS - 1 earlier posts. */
function shortHistoryHitRate(channels: readonly ChannelRecord[]): number {
  let hits = 0;
  let total = 0;
  for (const channel of channels) {
    const posts = historyOf(channel);
    for (let i = 1; i < Math.min(MIN_HISTORY_POSTS, posts.length); i++) {
      total += 1;
      if (isHit(engagementRate(posts[i]!), median(posts.slice(0, i).map(engagementRate)))) hits += 1;
    }
  }
  return total > 0 ? hits / total : 0.5;
}

/** The history rows (not the candidate) of one input. */
function rowsOf(input: Float32Array, historyPosts: number): Float32Array[] {
  return Array.from({ length: historyPosts }, (_, i) => input.subarray(i * FEATURES_PER_POST, (i + 1) * FEATURES_PER_POST));
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
