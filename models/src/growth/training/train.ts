/**
 * Trains the growth network (architecture.ts) on simulated channels and the early days of any
 * channels given, exports it to ONNX, checks the export against tfjs, and measures it on
 * held-out simulated channels against the seasonal-naive baseline: the artifact `pnpm train
 * growth` writes.
 */
import { createHash } from 'node:crypto';
import ort from 'onnxruntime-node';
import type * as tfl from '@tensorflow/tfjs-layers';
import type * as tfc from '@tensorflow/tfjs-core';
import { Random, type ChannelRecord } from '@telepulse/dataset';
import { referenceStatistics, type ModelReference } from '../../evaluation/reference-statistics.js';
import { ONNX_IR_VERSION, ONNX_OPSET } from '../../onnx/builder.js';
import { featureStats } from '../../training/feature-stats.js';
import type { TrainingRunOptions } from '../../training/training-run.js';
import { uniformArray } from '../../training/random.js';
import { fitEpochs } from '../../training/fit-epochs.js';
import { initTf, withSeededMathRandom, type TfBackendName } from '../../training/tf.js';
import type { GrowthArtifact } from '../artifact.js';
import { GROWTH_COLUMNS, GROWTH_FEATURES, growthColumn } from '../features.js';
import { growthDriftFeatures } from '../drift-features.js';
import { growthIo, type GrowthModelMetadata } from '../metadata.js';
import { quantilesWithOnnx } from '../offline-model.js';
import { GROWTH_QUANTILES } from '../series.js';
import { buildGrowthNetwork, GROWTH_LAYERS, QUANTILE_COUNT, resolveGrowthArchitecture, type GrowthArchitectureOptions, type QuantileHead } from './architecture.js';
import { fitWidthScales } from './calibrate-intervals.js';
import { growthDatasets, growthTrainingExamples, type GrowthDataConfig } from './datasets.js';
import { heldOutGrowthMetrics, logRatioLosses } from './evaluate.js';
import type { GrowthExample } from './examples.js';
import { exportGrowthOnnx } from './export-onnx.js';

export interface GrowthTrainingConfig {
  version: string;
  data: GrowthDataConfig;
  architecture: GrowthArchitectureOptions;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Examples per file channel are repeated this often: a few real channels among hundreds of simulated ones. */
  fileWeight: number;
  /**
   * Each example's loss is divided by its channel's daily noise (dailyNoise) plus this floor, so
   * a quiet large channel, whose trend a model can read well, counts as much as a noisy small one.
   * 0 turns the weighting off.
   */
  noiseFloor: number;
  /**
   * Day d's loss is weighted by d^-dayWeightPower (scaled to a mean of 1 over the days): errors
   * grow like √d on a random walk, so 0.5 lets the early days count as much as the late ones.
   */
  dayWeightPower: number;
  /** Weight of the median's pinball term against the other quantiles' (1: all alike): the point forecast is what the relative MAE judges. */
  medianWeight: number;
  /** Average the weights of the epochs from this one on (fit-epochs.ts); 0: keep the epoch with the lowest validation loss. */
  averageFrom: number;
  /** The learning rate is multiplied by this after every epoch. */
  learningRateDecay: number;
  /** Fit the widths' multipliers on the calibration channels after training (calibrate-intervals.ts); false leaves them at 1. */
  calibrateIntervals: boolean;
  /** Days ahead the held-out metrics are reported at. */
  horizons: number[];
  backend: TfBackendName;
}

/**
 * What `pnpm train growth` trains: the committed artifact comes from exactly this. Sized for
 * about 5 minutes on 2 cores (~25 s an epoch). The weights are the average of epochs 5-10: on the
 * evaluation simulator's channels that beat the best single epoch a little at 7 and 28 days
 * (relative MAE 0.83 and 0.69 against 0.83 and 0.70). Tried and left, on the same channels: a GRU
 * of 48 units for 7 epochs, 800 channels with an origin every 8 days, forecasting in units of each
 * channel's daily noise, and the median's term weighted 3 were no better at 7 days (0.83-0.86);
 * fitted interval multipliers moved coverage by under 2 points, within what 40 calibration
 * channels can tell, so the intervals are the network's own.
 *
 * Also tried and left, judged by pnpm eval's protocol on six development simulations (seeds
 * 99-104, 60 channels each; neither training's seed nor the evaluation's), where this model's
 * median relative MAE at 7 days is 0.79-0.87 (mean 0.834) and at 28 days 0.72-0.79 (0.758):
 * learning the residual over a classical path (the last 28 days' mean log gain plus an 8-week
 * weekday profile) — better on strongly seasonal channels, worse elsewhere, mean 0.846 / 0.774;
 * a noise floor of 0.0002 instead of 0.001 (large channels weigh more), 0.851 / 0.750; the
 * average of this model and the residual one, 0.826 / 0.742, too little for a second network.
 * The spread between seeds (±0.04) is as large as any of these differences. (Those numbers are
 * 1.0.0's on the simulator before its texts varied; 1.1.0, this config retrained on today's, gives
 * 0.78-0.89 (mean 0.847) and 0.75-0.85 (0.776) on the same seeds: at the 0.85 target, not under it.)
 */
export const GROWTH_TRAINING: GrowthTrainingConfig = {
  version: '1.1.0',
  data: {
    seed: 2025,
    simulator: { seed: 7, channels: 400, days: 240, endDate: '2024-12-31' },
    split: { calibration: 40, test: 40 },
    stride: 4,
    heldOutStride: 7,
    activityDropShare: 0.3,
    gapShare: 0.2,
    shortShare: 0.15,
    window: 56,
    horizon: 30,
  },
  architecture: { hidden: 32, attention: 16, dense: 64, dropout: 0, unitScale: 0.01, seed: 42 },
  epochs: 10,
  batchSize: 64,
  learningRate: 0.003,
  fileWeight: 3,
  noiseFloor: 0.001,
  dayWeightPower: 0.5,
  learningRateDecay: 0.85,
  medianWeight: 1,
  averageFrom: 5,
  calibrateIntervals: false,
  horizons: [7, 28],
  backend: 'wasm',
};

/** The pinball loss is reported in hundredths of a log ratio (≈ percent), so its numbers read. */
const LOSS_SCALE = 100;

/** `channels`: cut to the days training may see; `validationMae` in progress reports: the validation MAE of the median's log ratio over every forecast day. */
export type GrowthTrainingOptions = TrainingRunOptions;

/**
 * Trains the growth model, keeps the epoch with the lowest validation pinball loss, exports it to
 * ONNX and validates the export (parity with tfjs, quantiles that never cross), measures it on
 * held-out simulated channels (metrics.test: whether that is good enough is the caller's call).
 * Deterministic for a config on one machine.
 */
export async function trainGrowthModel(config: GrowthTrainingConfig, options: GrowthTrainingOptions = {}): Promise<GrowthArtifact> {
  const log = options.log ?? (() => {});
  const architecture = resolveGrowthArchitecture({ ...config.architecture, window: config.data.window, horizon: config.data.horizon });
  const { data, fileExamples } = growthTrainingData(config, options.channels ?? []);
  log(
    `examples: ${data.train.length} train (${fileExamples.length} × ${config.fileWeight} from ${options.channels?.length ?? 0} file channels), ` +
      `${data.calibration.length} calibration, ${data.test.length} test (${data.split.train}/${data.split.calibration}/${data.split.test} simulated channels)`,
  );

  const tf = await initTf(config.backend);
  const { window, horizon } = architecture;
  const toTensor = (examples: readonly { input: Float32Array }[]) => {
    const flat = new Float32Array(examples.length * window * GROWTH_FEATURES);
    examples.forEach((e, i) => flat.set(e.input, i * window * GROWTH_FEATURES));
    return tf.tensor3d(flat, [examples.length, window, GROWTH_FEATURES]);
  };
  // tfjs wants targets shaped like the output, [b, horizon, 5]: per day the target, then the example's weight.
  const weightOf = noiseWeights(data.train, config.noiseFloor);
  const onDay = dayWeighting(horizon, config.dayWeightPower);
  const targets = (examples: readonly GrowthExample[]) => {
    const flat = new Float32Array(examples.length * horizon * QUANTILE_COUNT);
    examples.forEach((e, i) => {
      const weight = weightOf(e);
      e.target.forEach((y, d) => flat.set([y, onDay(weight, d)], (i * horizon + d) * QUANTILE_COUNT));
    });
    return tf.tensor3d(flat, [examples.length, horizon, QUANTILE_COUNT]);
  };
  const { loss: pinball, dispose: disposeLoss } = growthPinballLoss(tf, config.medianWeight);
  const outputsOf = (values: Float32Array, count: number) => Array.from({ length: count }, (_, i) => values.subarray(i * horizon * QUANTILE_COUNT, (i + 1) * horizon * QUANTILE_COUNT));

  const { model, history, bestEpoch } = await withSeededMathRandom(config.data.seed, async () => {
    const model = buildGrowthNetwork(architecture);
    startGrowingSlowly(tf, model, horizon);
    const optimizer = tf.train.adam(config.learningRate);
    model.compile({ optimizer, loss: pinball });

    const calibrationX = toTensor(data.calibration);
    const { history, bestEpoch } = await fitEpochs(tf, model, {
      train: data.train,
      epochs: config.epochs,
      batchSize: config.batchSize,
      order: new Random(config.data.seed).fork('epochs'),
      tensors: (examples) => ({ x: toTensor(examples), y: targets(examples) }),
      validate: (epoch, trainLoss) => {
        const predicted = model.predict(calibrationX) as ReturnType<typeof tf.tensor>;
        const validation = logRatioLosses(data.calibration, outputsOf(predicted.dataSync() as Float32Array, data.calibration.length));
        predicted.dispose();
        const validationLoss = round(validation.pinball * LOSS_SCALE);
        return {
          score: validationLoss,
          validationMae: validation.mae,
          record: { epoch, trainLoss, validationLoss, validationMae: validation.mae },
          line: `validation loss ${validationLoss}, validation MAE ${validation.mae} (log ratio)`,
        };
      },
      // tfjs's Adam reads its learningRate field at every step; it has no setter.
      ...(config.averageFrom > 0 ? { averageFrom: config.averageFrom } : {}),
      afterEpoch: (epoch) => ((optimizer as unknown as { learningRate: number }).learningRate = config.learningRate * config.learningRateDecay ** epoch),
      onProgress: options.onProgress,
      log,
    });
    calibrationX.dispose();
    return { model, history, bestEpoch };
  });
  disposeLoss();

  // Interval calibration on the calibration channels (see calibrate-intervals.ts).
  const calibrationCoverage = () => {
    const x = toTensor(data.calibration);
    const predicted = model.predict(x) as ReturnType<typeof tf.tensor>;
    const { coverage80, coverage95 } = heldOutGrowthMetrics(data.calibration, outputsOf(predicted.dataSync() as Float32Array, data.calibration.length), []);
    tf.dispose([x, predicted]);
    return { coverage80, coverage95 };
  };
  const head = model.getLayer(GROWTH_LAYERS.head) as unknown as QuantileHead;
  const before = calibrationCoverage();
  if (config.calibrateIntervals) {
    const x = toTensor(data.calibration);
    const predicted = model.predict(x) as ReturnType<typeof tf.tensor>;
    head.setWidthScales(fitWidthScales(data.calibration, outputsOf(predicted.dataSync() as Float32Array, data.calibration.length)));
    tf.dispose([x, predicted]);
  }
  const intervals = { widthScales: [...head.widthScales], before, after: config.calibrateIntervals ? calibrationCoverage() : before };
  log(
    `intervals: width scales [${intervals.widthScales.join(', ')}]; calibration channels' coverage 80 % ${pct(intervals.before.coverage80)} → ${pct(intervals.after.coverage80)}, ` +
      `95 % ${pct(intervals.before.coverage95)} → ${pct(intervals.after.coverage95)}`,
  );

  const onnx = exportGrowthOnnx(model, { docString: `telepulse growth ${config.version}` });
  const session = await ort.InferenceSession.create(onnx);

  // Parity: tfjs and ONNX Runtime on random inputs and on real held-out inputs, every quantile of every day.
  const size = window * GROWTH_FEATURES;
  const random = uniformArray(new Random(config.data.seed).fork('parity'), 256 * size);
  const parityInputs = [...Array.from({ length: 256 }, (_, i) => ({ input: random.subarray(i * size, (i + 1) * size) })), ...data.test.slice(0, 256)];
  const parityX = toTensor(parityInputs);
  const tfjsOut = (model.predict(parityX) as ReturnType<typeof tf.tensor>).dataSync() as Float32Array;
  const onnxOut = await quantilesWithOnnx(session, parityInputs);
  let maxAbsDiff = 0;
  let crossings = 0;
  onnxOut.forEach((out, i) => {
    out.forEach((v, j) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - tfjsOut[i * out.length + j]!))));
    for (let j = 1; j < out.length; j++) if (j % QUANTILE_COUNT !== 0 && out[j]! < out[j - 1]!) crossings += 1;
  });
  parityX.dispose();
  model.dispose();
  log(`parity: max |tfjs - onnx| = ${maxAbsDiff.toExponential(2)} over ${parityInputs.length} inputs; ${crossings} crossing quantiles`);
  if (!(maxAbsDiff <= 1e-4)) throw new Error(`ONNX export does not match tfjs: max abs diff ${maxAbsDiff} > 1e-4`);
  if (crossings > 0) throw new Error(`the exported model's quantiles cross ${crossings} times over ${parityInputs.length} inputs`);

  const test = heldOutGrowthMetrics(data.test, await quantilesWithOnnx(session, data.test), config.horizons);
  await session.release();
  for (const h of test.horizons) {
    log(`test, ${h.days} days: MAE ${h.mae} vs seasonal naive ${h.baselineMae}, median relative MAE ${h.relativeMae}; coverage 80 % ${pct(h.coverage80)}, 95 % ${pct(h.coverage95)}`);
  }
  log(`test, days 1-${horizon}: coverage 80 % ${pct(test.coverage80)}, 95 % ${pct(test.coverage95)} (${test.forecasts} forecasts on ${test.channels} channels)`);

  // Reference statistics of the present rows of every 4th training input (all of them say no more, and cost seconds).
  const rows = data.train
    .filter((_, i) => i % 4 === 0)
    .flatMap((e) => Array.from({ length: window }, (_, r) => e.input.subarray(r * GROWTH_FEATURES, (r + 1) * GROWTH_FEATURES)).filter((row) => row[growthColumn('present')] === 1));
  const metadata: GrowthModelMetadata = {
    name: 'growth',
    version: config.version,
    format: { onnxOpset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.byteLength },
    io: growthIo(window, horizon),
    dayFeatures: GROWTH_COLUMNS,
    quantiles: GROWTH_QUANTILES,
    architecture,
    training: {
      seed: config.data.seed,
      backend: config.backend,
      epochs: config.epochs,
      bestEpoch,
      ...(config.averageFrom > 0 ? { averagedFrom: config.averageFrom } : {}),
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      loss: `pinball of the quantiles of ln(count / last count), mean over days and quantiles, × ${LOSS_SCALE}, each example weighted by 1 / (its daily noise + ${config.noiseFloor}), day d by d^-${config.dayWeightPower}${config.medianWeight === 1 ? '' : `, the median's term by ${config.medianWeight}`}`,
      history,
    },
    data: {
      source: options.channels?.length ? 'simulator + files' : 'simulator',
      simulator: config.data.simulator,
      split: data.split,
      examples: { train: data.train.length, calibration: data.calibration.length, test: data.test.length },
      origins: {
        stride: config.data.stride,
        heldOutStride: config.data.heldOutStride,
        activityDropShare: config.data.activityDropShare,
        gapShare: config.data.gapShare,
        shortShare: config.data.shortShare,
      },
      ...(options.channels?.length ? { files: { channels: options.channels.length, examples: fileExamples.length, ids: options.channels.map((c) => c.id) } } : {}),
      dataRange: data.dataRange,
    },
    intervals,
    metrics: { test, parity: { samples: parityInputs.length, maxAbsDiff } },
    featureStats: Object.fromEntries(GROWTH_COLUMNS.map((name, f) => [name, featureStats(rows.map((row) => row[f]!))])),
    targetStats: featureStats(data.train.map((e) => e.target[horizon - 1]!)),
    reference: growthReference(data.train, window),
  };
  return { onnx, metadata };
}

/**
 * The training loss: the pinball loss of the five quantiles against the target (first column of
 * yTrue `[b, horizon, 5]`), each term weighted by the second column (the example's and the day's
 * weight: 0 leaves a day out), the median's term by `medianWeight`, × LOSS_SCALE. `dispose`
 * frees its constant tensors once training is done.
 */
export function growthPinballLoss(tf: typeof tfc, medianWeight: number) {
  const levels = tf.tensor3d([...GROWTH_QUANTILES], [1, 1, QUANTILE_COUNT]);
  const quantileWeights = GROWTH_QUANTILES.map((q) => (q === 0.5 ? medianWeight : 1));
  const quantileWeightMean = quantileWeights.reduce((a, b) => a + b, 0) / QUANTILE_COUNT;
  const perQuantile = tf.tensor3d(quantileWeights.map((w) => w / quantileWeightMean), [1, 1, QUANTILE_COUNT]);
  const loss = (yTrue: tfc.Tensor, yPred: tfc.Tensor) =>
    tf.tidy(() => {
      const error = tf.sub(tf.slice(yTrue, [0, 0, 0], [-1, -1, 1]), yPred);
      const weight = tf.slice(yTrue, [0, 0, 1], [-1, -1, 1]);
      return tf.mul(tf.mean(tf.mul(tf.mul(tf.maximum(tf.mul(levels, error), tf.mul(tf.sub(levels, 1), error)), weight), perQuantile)), LOSS_SCALE);
    });
  return { loss, dispose: () => tf.dispose([levels, perQuantile]) };
}

/**
 * Sets a freshly built network's head to start near "grows a little, intervals a few tenths of a
 * percent a day wide": small raw weights, the increments' bias at +0.1 unit, the widths' at softplus⁻¹(0.3).
 */
export function startGrowingSlowly(tf: typeof tfc, model: tfl.LayersModel, horizon: number): void {
  const raw = model.getLayer(GROWTH_LAYERS.raw) as tfl.layers.Layer;
  const [kernel] = raw.getWeights();
  const bias = Array.from({ length: horizon * QUANTILE_COUNT }, (_, j) => (j % QUANTILE_COUNT === 0 ? 0.1 : Math.log(Math.expm1(0.3))));
  raw.setWeights([tf.mul(kernel!, 0.1), tf.tensor1d(bias)]);
}

/** Each example's loss weight from its daily noise: 1 / (noise + floor), scaled to a mean of 1 over `examples`; 1 for all when the floor is 0. */
export function noiseWeights<T extends { noise: number }>(examples: readonly T[], floor: number): (e: T) => number {
  if (floor <= 0) return () => 1;
  const raw = (e: T) => 1 / (e.noise + floor);
  const mean = examples.reduce((s, e) => s + raw(e), 0) / Math.max(examples.length, 1);
  return (e) => raw(e) / mean;
}

/** An example's weight on day d (0-based): × (d + 1)^-power, the days' weights scaled to a mean of 1 over the horizon. */
export function dayWeighting(horizon: number, power: number): (weight: number, day: number) => number {
  const weights = Array.from({ length: horizon }, (_, d) => (d + 1) ** -power);
  const mean = weights.reduce((a, b) => a + b, 0) / horizon;
  return (weight, day) => (weight * weights[day]!) / mean;
}

/**
 * The simulated datasets of `config` with the examples of the file channels' early days added to
 * train (`fileWeight` times): exactly what the trainer learns from, so `pnpm reference` can
 * regenerate it. Deterministic for a config and channels.
 */
export function growthTrainingData(config: GrowthTrainingConfig, channels: readonly ChannelRecord[]) {
  const data = growthDatasets(config.data);
  const fileExamples = growthTrainingExamples(channels, config.data, new Random(config.data.seed).fork('files'));
  for (let r = 0; r < config.fileWeight; r++) data.train.push(...fileExamples);
  return { data, fileExamples };
}

/** The reference statistics of training inputs for data drift: the drift features (drift-features.ts) of every training example. */
export function growthReference(train: readonly { input: Float32Array }[], window: number): ModelReference {
  return { features: referenceStatistics(train.map((e) => growthDriftFeatures(e.input, window))) };
}


const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const round = (v: number) => Math.round(v * 1e6) / 1e6;
