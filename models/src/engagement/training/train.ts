import { createHash } from 'node:crypto';
import ort from 'onnxruntime-node';
import type * as tfl from '@tensorflow/tfjs-layers';
import { Random, type ChannelRecord } from '@telepulse/dataset';
import { initTf, withSeededMathRandom, type TfBackendName } from '../../training/tf.js';
import { featureStats } from '../../training/feature-stats.js';
import { uniformArray } from '../../training/random.js';
import { ONNX_IR_VERSION, ONNX_OPSET } from '../../onnx/builder.js';
import type { EngagementArtifact } from '../artifact.js';
import { CONFIDENCE_SIGNALS, HIT_TOLERANCE, confidenceSignals, isHit } from '../confidence.js';
import { FEATURES_PER_POST, POST_FEATURE_NAMES } from '../features.js';
import { engagementIo, type EngagementModelMetadata } from '../metadata.js';
import { buildEngagementNetwork, resolveEngagementArchitecture, type EngagementArchitectureOptions } from './architecture.js';
import { engagementDatasets, type EngagementDataConfig } from './datasets.js';
import { calibrationTable, heldOutMetrics, predictWithOnnx } from './evaluate.js';
import { buildExamples, type EngagementExample } from './examples.js';
import { exportEngagementOnnx } from './export-onnx.js';
import { fitConfidenceModel } from './fit-confidence.js';

export interface EngagementTrainingConfig {
  version: string;
  data: EngagementDataConfig;
  architecture: EngagementArchitectureOptions;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** tfjs loss name: meanAbsoluteError fits the median (as the baseline does), meanSquaredError the mean. */
  loss: 'meanAbsoluteError' | 'meanSquaredError' | 'huberLoss';
  backend: TfBackendName;
}

/** What `pnpm train engagement` trains: the committed artifact comes from exactly this. */
export const ENGAGEMENT_TRAINING: EngagementTrainingConfig = {
  version: '1.0.0',
  data: {
    seed: 2024,
    // Many channels with few examples each: what generalises to a new channel is reading its
    // rate off its history, and that needs many different channels more than many posts.
    simulator: { seed: 7, channels: 400, days: 240, endDate: '2024-12-31' },
    split: { calibration: 40, test: 40 },
    perChannel: 40,
    earlyShare: 0.3,
    historyPosts: 16,
  },
  architecture: { historyPosts: 16, hidden: 64, layers: 2, dense: 32, dropout: 0.2, seed: 42 },
  epochs: 12,
  batchSize: 32,
  learningRate: 0.004,
  loss: 'meanAbsoluteError',
  backend: 'wasm',
};

/** Where training is, for a progress bar: after every batch, and at each epoch's end with its validation error. */
export interface TrainingProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** The running training loss of this epoch. */
  loss: number;
  /** Set at the end of an epoch: the validation MAE of the engagement rate. */
  validationMae?: number;
}

export interface EngagementTrainingOptions {
  /** Channels to train on besides the simulator's, already cut to the part training may see (see evaluation/time-split.ts). */
  channels?: readonly ChannelRecord[];
  /** Real channels to report on (whole, never trained on); prefer `pnpm eval` for a judged result. */
  realChannels?: readonly ChannelRecord[];
  onProgress?: (progress: TrainingProgress) => void;
  log?: (line: string) => void;
}

/**
 * Trains the engagement LSTM on simulated channels, keeps the epoch with the lowest calibration
 * error, exports it to ONNX and validates the export: parity with tfjs (max abs diff), error
 * against the median baseline on held-out channels (and on real channels when given), and a
 * calibrated confidence model. Deterministic for a config on one machine.
 */
export async function trainEngagementModel(
  config: EngagementTrainingConfig,
  options: EngagementTrainingOptions = {},
): Promise<EngagementArtifact> {
  const log = options.log ?? (() => {});
  const architecture = resolveEngagementArchitecture({ ...config.architecture, historyPosts: config.data.historyPosts });
  const data = engagementDatasets(config.data);
  if (options.channels?.length) {
    data.train.push(...buildExamples(options.channels, { historyPosts: config.data.historyPosts, perChannel: Number.POSITIVE_INFINITY, earlyShare: config.data.earlyShare, random: new Random(config.data.seed).fork('files') }));
  }
  log(`examples: ${data.train.length} train, ${data.calibration.length} calibration, ${data.test.length} test (${data.split.train}/${data.split.calibration}/${data.split.test} channels)`);

  const tf = await initTf(config.backend);
  const steps = architecture.historyPosts + 1;
  const toTensor = (examples: readonly EngagementExample[]) => {
    const flat = new Float32Array(examples.length * steps * FEATURES_PER_POST);
    examples.forEach((e, i) => flat.set(e.input, i * steps * FEATURES_PER_POST));
    return tf.tensor3d(flat, [examples.length, steps, FEATURES_PER_POST]);
  };

  const { model, history, bestEpoch } = await withSeededMathRandom(config.data.seed, async () => {
    const model = buildEngagementNetwork(architecture);
    // Start the sigmoid near a typical engagement rate (5 %) instead of 50 %.
    const out = model.layers[model.layers.length - 1] as tfl.layers.Layer;
    const [kernel, bias] = out.getWeights();
    out.setWeights([kernel!, tf.fill(bias!.shape, Math.log(0.05 / 0.95))]);
    model.compile({ optimizer: tf.train.adam(config.learningRate), loss: config.loss });

    const order = new Random(config.data.seed).fork('epochs');
    const calibrationX = toTensor(data.calibration);
    const history: EngagementModelMetadata['training']['history'] = [];
    let best = { mae: Number.POSITIVE_INFINITY, epoch: 0, weights: [] as ReturnType<typeof model.getWeights> };
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const shuffled = order.shuffle([...data.train]);
      const x = toTensor(shuffled);
      const y = tf.tensor2d(shuffled.map((e) => e.target), [shuffled.length, 1]);
      const started = performance.now();
      const batches = Math.ceil(shuffled.length / config.batchSize);
      const fit = await model.fit(x, y, {
        batchSize: config.batchSize,
        epochs: 1,
        shuffle: false,
        verbose: 0,
        callbacks: { onBatchEnd: async (batch, logs) => options.onProgress?.({ epoch, epochs: config.epochs, batch: batch + 1, batches, loss: Number(logs?.loss ?? Number.NaN) }) },
      });
      tf.dispose([x, y]);
      const predicted = model.predict(calibrationX) as ReturnType<typeof tf.tensor>;
      const calibration = heldOutMetrics(data.calibration, predicted.dataSync());
      predicted.dispose();
      const trainLoss = round(Number(fit.history.loss?.[0] ?? Number.NaN));
      history.push({ epoch, trainLoss, calibrationMae: calibration.mae });
      options.onProgress?.({ epoch, epochs: config.epochs, batch: batches, batches, loss: trainLoss, validationMae: calibration.mae });
      log(`epoch ${epoch}/${config.epochs}: train MAE ${trainLoss}, calibration MAE ${calibration.mae} (baseline ${calibration.baselineMae}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      if (calibration.mae < best.mae) {
        best.weights.forEach((w) => w.dispose());
        best = { mae: calibration.mae, epoch, weights: model.getWeights().map((w) => w.clone()) };
      }
    }
    calibrationX.dispose();
    model.setWeights(best.weights);
    return { model, history, bestEpoch: best.epoch };
  });

  const onnx = exportEngagementOnnx(model, { docString: `telepulse engagement ${config.version}` });
  const session = await ort.InferenceSession.create(onnx);

  // Parity: tfjs and ONNX Runtime on random valid inputs and on real held-out inputs.
  const random = uniformArray(new Random(config.data.seed).fork('parity'), 256 * steps * FEATURES_PER_POST);
  const parityInputs: EngagementExample[] = [
    ...Array.from({ length: 256 }, (_, i) => ({ input: random.subarray(i * steps * FEATURES_PER_POST, (i + 1) * steps * FEATURES_PER_POST) }) as EngagementExample),
    ...data.test.slice(0, 256),
  ];
  const parityX = toTensor(parityInputs);
  const tfjsOut = (model.predict(parityX) as ReturnType<typeof tf.tensor>).dataSync();
  const onnxOut = await predictWithOnnx(session, parityInputs);
  const maxAbsDiff = onnxOut.reduce((m, v, i) => Math.max(m, Math.abs(v - tfjsOut[i]!)), 0);
  parityX.dispose();
  model.dispose();
  log(`parity: max |tfjs - onnx| = ${maxAbsDiff.toExponential(2)} over ${parityInputs.length} inputs`);
  if (!(maxAbsDiff <= 1e-4)) throw new Error(`ONNX export does not match tfjs: max abs diff ${maxAbsDiff} > 1e-4`);

  // Confidence, fitted on calibration channels, judged on test channels.
  const calibrationPredictions = await predictWithOnnx(session, data.calibration);
  const confidenceModel = fitConfidenceModel(
    data.calibration.map((e, i) => ({
      signals: confidenceSignals({ historyRates: e.historyRates, historyPosts: architecture.historyPosts, hasEarlyCounts: e.hasEarlyCounts, prediction: calibrationPredictions[i]! }),
      hit: isHit(e.target, calibrationPredictions[i]!),
    })),
  );
  const testPredictions = await predictWithOnnx(session, data.test);
  const subset = (keep: (e: EngagementExample) => boolean) => {
    const idx = data.test.map((e, i) => (keep(e) ? i : -1)).filter((i) => i >= 0);
    return heldOutMetrics(idx.map((i) => data.test[i]!), idx.map((i) => testPredictions[i]!));
  };
  const test = { ...heldOutMetrics(data.test, testPredictions), withEarlyCounts: subset((e) => e.hasEarlyCounts), withoutEarlyCounts: subset((e) => !e.hasEarlyCounts) };
  log(`test: MAE ${test.mae} vs baseline ${test.baselineMae} (${(test.improvement * 100).toFixed(1)} % better)`);
  if (!(test.mae < test.baselineMae)) throw new Error(`the model does not beat the median baseline on held-out channels: ${test.mae} >= ${test.baselineMae}`);

  const real: Record<string, ReturnType<typeof heldOutMetrics>> = {};
  for (const channel of options.realChannels ?? []) {
    const examples = buildExamples([channel], { historyPosts: architecture.historyPosts, perChannel: Number.POSITIVE_INFINITY, earlyShare: 0, random: new Random(0) });
    real[channel.id] = heldOutMetrics(examples, await predictWithOnnx(session, examples));
    log(`real channel ${channel.id}: MAE ${real[channel.id]!.mae} vs baseline ${real[channel.id]!.baselineMae} over ${examples.length} posts`);
  }
  await session.release();

  const historyRows = data.train.flatMap((e) => rowsOf(e.input, architecture.historyPosts).filter((row) => row.some((v) => v !== 0)));
  const metadata: EngagementModelMetadata = {
    name: 'engagement',
    version: config.version,
    format: { onnxOpset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.byteLength },
    io: engagementIo(architecture.historyPosts),
    postFeatures: POST_FEATURE_NAMES,
    architecture,
    training: {
      seed: config.data.seed,
      backend: config.backend,
      epochs: config.epochs,
      bestEpoch,
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      loss: config.loss,
      earlyShare: config.data.earlyShare,
      history,
    },
    data: {
      source: 'simulator',
      simulator: config.data.simulator,
      split: data.split,
      examples: { train: data.train.length, calibration: data.calibration.length, test: data.test.length },
      dataRange: data.dataRange,
    },
    metrics: { test, real, parity: { samples: parityInputs.length, maxAbsDiff } },
    confidence: {
      ...confidenceModel,
      coefficients: confidenceModel.coefficients.map(round),
      signals: CONFIDENCE_SIGNALS,
      tolerance: HIT_TOLERANCE,
      calibration: calibrationTable(data.test, testPredictions, { coefficients: confidenceModel.coefficients.map(round) }, architecture.historyPosts),
    },
    featureStats: Object.fromEntries(POST_FEATURE_NAMES.map((name, f) => [name, featureStats(historyRows.map((row) => row[f]!))])),
    targetStats: featureStats(data.train.map((e) => e.target)),
  };
  return { onnx, metadata };
}

/** The history rows (not the candidate) of one input. */
function rowsOf(input: Float32Array, historyPosts: number): Float32Array[] {
  return Array.from({ length: historyPosts }, (_, i) => input.subarray(i * FEATURES_PER_POST, (i + 1) * FEATURES_PER_POST));
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
