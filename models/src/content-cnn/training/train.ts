/**
 * Trains the content CNN on posts' texts: the simulator's channels (and the early part of any
 * channels given), split by channel; the epoch is chosen on the calibration channels, the model
 * exported to ONNX and checked against tfjs, and judged on the test channels against the length +
 * media + hour baseline.
 */
import { createHash } from 'node:crypto';
import ort from 'onnxruntime-node';
import type * as tfl from '@tensorflow/tfjs-layers';
import { Random } from '@telepulse/dataset';
import { fitRelativeBaseline } from '../../content/content-baselines.js';
import { buildContentExamples, contentDatasets, type ContentDataConfig, type ContentDatasets, type ContentExample } from '../../content/content-examples.js';
import { CONTENT_BYTE_OFFSET, CONTENT_CLS, CONTENT_PAD, CONTENT_TRUNCATED, CONTENT_VOCAB } from '../../content/tokenizer.js';
import { spearman } from '../../evaluation/metrics.js';
import { ONNX_IR_VERSION, ONNX_OPSET } from '../../onnx/builder.js';
import { featureStats } from '../../training/feature-stats.js';
import { fitEpochs } from '../../training/fit-epochs.js';
import { trainingRecord, type TrainingRunOptions } from '../../training/training-run.js';
import { uniformArray } from '../../training/random.js';
import { initTf, withSeededMathRandom, type TfBackendName } from '../../training/tf.js';
import type { ContentCnnArtifact } from '../artifact.js';
import { prepareContentInput } from '../inference.js';
import { contentCnnIo, type ContentCnnHeldOutMetrics, type ContentCnnModelMetadata } from '../metadata.js';
import { contentCnnWithOnnx } from '../offline-model.js';
import { buildContentCnnNetwork, resolveContentCnnArchitecture, withEmbedding, type ContentCnnArchitectureOptions } from './architecture.js';
import { lengthBuckets, tokenBatch } from './batches.js';
import { exportContentCnnOnnx } from './export-onnx.js';

export interface ContentCnnTrainingConfig {
  version: string;
  data: ContentDataConfig;
  architecture: ContentCnnArchitectureOptions;
  epochs: number;
  /** Training examples per epoch: a fresh seeded sample of all of them each epoch (there are far more than an epoch's budget). */
  examplesPerEpoch: number;
  batchSize: number;
  learningRate: number;
  /** The learning rate is multiplied by this after every epoch. */
  learningRateDecay: number;
  /** Huber loss's switch from squared to absolute error, in ln units: a post with no engagement at all (ln ratio ≈ −5) is one example, not a crisis. */
  huberDelta: number;
  /** Calibration examples the epoch is chosen on, and test examples the metrics are measured on (seeded samples; all of them when fewer). */
  validationExamples: number;
  testExamples: number;
  /** Examples from file channels are repeated this often: a few real channels among hundreds of simulated ones. */
  fileWeight: number;
  backend: TfBackendName;
}

/** What `pnpm train content-cnn` trains: the committed artifact comes from exactly this. */
export const CONTENT_CNN_TRAINING: ContentCnnTrainingConfig = {
  version: '1.0.0',
  data: { seed: 2025, simulator: { seed: 7, channels: 240, days: 240, endDate: '2024-12-31' }, split: { calibration: 30, test: 30 } },
  architecture: { maxTokens: 1024, embedding: 32, kernels: [3, 5, 9], filters: 32, dense: 32, meanPool: false, dropout: 0.1, seed: 42 },
  epochs: 3,
  examplesPerEpoch: 8000,
  batchSize: 64,
  learningRate: 0.003,
  learningRateDecay: 0.7,
  huberDelta: 1,
  validationExamples: 2000,
  testExamples: 3000,
  fileWeight: 20,
  backend: 'wasm',
};

/** `validationMae` in progress reports: the validation MAE of the relative engagement. */
export type ContentCnnTrainingOptions = TrainingRunOptions;

/** Deterministic for a config on one machine. */
export async function trainContentCnnModel(config: ContentCnnTrainingConfig, options: ContentCnnTrainingOptions = {}): Promise<ContentCnnArtifact> {
  const log = options.log ?? (() => {});
  const architecture = resolveContentCnnArchitecture(config.architecture);
  const { maxTokens } = architecture;
  const data = contentDatasets(config.data);
  const fileExamples = buildContentExamples(options.channels ?? []);
  const train = [...data.train];
  for (let r = 0; r < config.fileWeight; r++) train.push(...fileExamples);
  const random = new Random(config.data.seed);
  const { validation, test } = heldOutSamples(data, config);
  log(
    `examples: ${train.length} train (${fileExamples.length} × ${config.fileWeight} from ${options.channels?.length ?? 0} file channels; ${Math.min(config.examplesPerEpoch, train.length)} per epoch), ` +
      `${validation.length} of ${data.calibration.length} calibration, ${test.length} of ${data.test.length} test`,
  );

  const tf = await initTf(config.backend);
  // Token counts once per text: batching sorts by them every epoch.
  const tokens = new Map<ContentExample, number>();
  const lengthOf = (e: ContentExample) => {
    let n = tokens.get(e);
    if (n === undefined) tokens.set(e, (n = prepareContentInput(e.text, maxTokens).tokens));
    return n;
  };
  const tensorsOf = (examples: readonly ContentExample[]) => {
    const batch = tokenBatch(
      examples.map((e) => e.text),
      maxTokens,
    );
    return { x: tf.tensor2d(batch.ids, [batch.rows, batch.steps]), y: tf.tensor2d(examples.map((e) => e.relativeEngagement), [examples.length, 1]) };
  };
  /** The network's estimates for examples, in their order, batched by length. */
  const predict = (model: tfl.LayersModel, examples: readonly ContentExample[]): Float32Array => {
    const out = new Float32Array(examples.length);
    const index = new Map(examples.map((e, i) => [e, i]));
    for (const batch of lengthBuckets(examples, lengthOf, 256, random.fork('predict'))) {
      const values = tf.tidy(() => (model.predict(tensorsOf(batch).x) as ReturnType<typeof tf.tensor>).dataSync());
      batch.forEach((e, i) => (out[index.get(e)!] = values[i]!));
    }
    return out;
  };
  const huber = (yTrue: ReturnType<typeof tf.tensor>, yPred: ReturnType<typeof tf.tensor>) => tf.losses.huberLoss(yTrue, yPred, undefined, config.huberDelta);

  const epochOrder = random.fork('batches');
  const { model, history, bestEpoch } = await withSeededMathRandom(config.data.seed, async () => {
    const model = buildContentCnnNetwork(architecture);
    const optimizer = tf.train.adam(config.learningRate);
    model.compile({ optimizer, loss: huber });
    const { history, bestEpoch } = await fitEpochs(tf, model, {
      train,
      epochs: config.epochs,
      batchSize: config.batchSize,
      order: random.fork('epochs'),
      batches: (order) => lengthBuckets(order.slice(0, config.examplesPerEpoch), lengthOf, config.batchSize, epochOrder).map((batch) => () => tensorsOf(batch)),
      validate: (epoch, trainLoss) => {
        const estimates = predict(model, validation);
        const observed = validation.map((e) => e.relativeEngagement);
        const validationLoss = round(meanHuber(estimates, observed, config.huberDelta));
        const rho = spearman([...estimates], observed);
        const validationSpearman = rho === null ? null : round(rho);
        return {
          // The epoch that ranks the calibration posts best: ranking is what the model is judged on.
          score: -(validationSpearman ?? -1),
          validationMae: round(meanAbs(estimates, observed)),
          record: { epoch, trainLoss, validationLoss, validationSpearman },
          line: `validation loss ${validationLoss}, Spearman ${validationSpearman}`,
        };
      },
      // tfjs's Adam reads its learningRate field at every step; it has no setter.
      afterEpoch: (epoch) => ((optimizer as unknown as { learningRate: number }).learningRate = config.learningRate * config.learningRateDecay ** epoch),
      onProgress: options.onProgress,
      log,
    });
    return { model, history, bestEpoch };
  });

  const onnx = exportContentCnnOnnx(model, { docString: `telepulse content-cnn ${config.version}` });
  const session = await ort.InferenceSession.create(onnx);

  // Parity: tfjs and ONNX Runtime on random ids and on real held-out texts, both outputs, at maxTokens.
  const parityRandom = random.fork('parity');
  const randomRows = Array.from({ length: 256 }, () => {
    const ids = new Float32Array(maxTokens);
    const length = 1 + Math.floor(parityRandom.uniform(0, maxTokens));
    uniformArray(parityRandom, length, CONTENT_BYTE_OFFSET, CONTENT_VOCAB).forEach((v, t) => (ids[t] = Math.min(CONTENT_VOCAB - 1, Math.floor(v))));
    ids[0] = CONTENT_CLS;
    return { ids };
  });
  const parityInputs = [...randomRows, ...test.slice(0, 256).map((e) => prepareContentInput(e.text, maxTokens))];
  const both = withEmbedding(model);
  const onnxOut = await contentCnnWithOnnx(session, parityInputs);
  let maxAbsDiff = 0;
  let maxEmbeddingAbsDiff = 0;
  for (let start = 0; start < parityInputs.length; start += 64) {
    const rows = parityInputs.slice(start, start + 64);
    const flat = new Float32Array(rows.length * maxTokens);
    rows.forEach((r, i) => flat.set(r.ids, i * maxTokens));
    const [relative, embedding] = tf.tidy(() => (both.predict(tf.tensor2d(flat, [rows.length, maxTokens])) as ReturnType<typeof tf.tensor>[]).map((t) => t.dataSync()));
    const width = embedding!.length / rows.length;
    rows.forEach((_, i) => {
      const o = onnxOut[start + i]!;
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(o.relative - relative![i]!));
      o.embedding.forEach((v, j) => (maxEmbeddingAbsDiff = Math.max(maxEmbeddingAbsDiff, Math.abs(v - embedding![i * width + j]!))));
    });
  }
  model.dispose();
  log(`parity: max |tfjs - onnx| = ${maxAbsDiff.toExponential(2)} (relative engagement), ${maxEmbeddingAbsDiff.toExponential(2)} (embedding) over ${parityInputs.length} inputs`);
  if (!(maxAbsDiff <= 1e-4 && maxEmbeddingAbsDiff <= 1e-4)) throw new Error(`ONNX export does not match tfjs: max abs diff ${Math.max(maxAbsDiff, maxEmbeddingAbsDiff)} > 1e-4`);

  // The held-out test channels, through the exported graph, against the baseline fitted on the training examples.
  const baseline = fitRelativeBaseline(train);
  const testOut = await contentCnnWithOnnx(
    session,
    test.map((e) => prepareContentInput(e.text, maxTokens)),
  );
  await session.release();
  const metrics = heldOutMetrics(
    test,
    testOut.map((o) => o.relative),
    test.map((e) => baseline(e)),
  );
  log(`test: Spearman ${metrics.spearman} vs baseline ${metrics.baselineSpearman} on ${metrics.posts} posts of ${metrics.channels} channels; MAE ${metrics.mae} vs ${metrics.baselineMae}`);

  const embeddingDims = architecture.filters * architecture.kernels.length;
  const tokenSample = sample(train, 20000, random.fork('stats')).map(lengthOf);
  const dates = [...data.train, ...data.calibration, ...data.test].map((e) => e.postedAt.toISOString()).sort();
  const metadata: ContentCnnModelMetadata = {
    name: 'content-cnn',
    version: config.version,
    format: { onnxOpset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.byteLength },
    io: contentCnnIo(maxTokens, embeddingDims),
    tokenizer: { kind: 'bytes', vocab: CONTENT_VOCAB, maxTokens, pad: CONTENT_PAD, cls: CONTENT_CLS, truncated: CONTENT_TRUNCATED, byteOffset: CONTENT_BYTE_OFFSET },
    architecture,
    training: {
      ...trainingRecord(config, bestEpoch),
      loss: `Huber (delta ${config.huberDelta}) on ln(rate / channel median); ${config.examplesPerEpoch} examples per epoch, batched by length; learning rate × ${config.learningRateDecay} per epoch; epoch chosen by calibration Spearman`,
      history,
    },
    data: {
      source: options.channels?.length ? 'simulator + files' : 'simulator',
      simulator: config.data.simulator,
      split: { train: data.split.train, calibration: data.split.calibration, test: data.split.test },
      examples: { train: train.length, calibration: data.calibration.length, test: data.test.length },
      ...(options.channels?.length ? { files: { channels: options.channels.length, examples: fileExamples.length, ids: options.channels.map((c) => c.id) } } : {}),
      dataRange: { from: dates[0] ?? '', to: dates[dates.length - 1] ?? '' },
    },
    metrics: { test: metrics, parity: { samples: parityInputs.length, maxAbsDiff, maxEmbeddingAbsDiff } },
    featureStats: { tokens: featureStats(tokenSample), truncatedShare: round(tokenSample.filter((n) => n >= maxTokens).length / Math.max(1, tokenSample.length)) },
    targetStats: featureStats(train.map((e) => e.relativeEngagement)),
  };
  return { onnx, metadata };
}

/** The calibration examples the epoch is chosen on and the test examples the metrics are measured on: seeded samples of the datasets'. */
export function heldOutSamples(data: Pick<ContentDatasets, 'calibration' | 'test'>, config: ContentCnnTrainingConfig): { validation: ContentExample[]; test: ContentExample[] } {
  const random = new Random(config.data.seed);
  return { validation: sample(data.calibration, config.validationExamples, random.fork('validation')), test: sample(data.test, config.testExamples, random.fork('test')) };
}

/** Both correlations and errors on held-out examples. */
export function heldOutMetrics(examples: readonly ContentExample[], predicted: readonly number[], baseline: readonly number[]): ContentCnnHeldOutMetrics {
  const observed = examples.map((e) => e.relativeEngagement);
  const rho = (values: readonly number[]) => {
    const r = spearman(values, observed);
    return r === null ? null : round(r);
  };
  return {
    channels: new Set(examples.map((e) => e.channelId)).size,
    posts: examples.length,
    spearman: rho(predicted),
    baselineSpearman: rho(baseline),
    mae: round(meanAbs(predicted, observed)),
    baselineMae: round(meanAbs(baseline, observed)),
  };
}

/** `count` items drawn without replacement (seeded), in their original order; all of them when fewer. */
function sample<T>(items: readonly T[], count: number, random: Random): T[] {
  if (items.length <= count) return [...items];
  const chosen = new Set(random.shuffle(items.map((_, i) => i)).slice(0, count));
  return items.filter((_, i) => chosen.has(i));
}

function meanAbs(predicted: ArrayLike<number>, observed: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < observed.length; i++) sum += Math.abs(predicted[i]! - observed[i]!);
  return sum / Math.max(1, observed.length);
}

function meanHuber(predicted: ArrayLike<number>, observed: readonly number[], delta: number): number {
  let sum = 0;
  for (let i = 0; i < observed.length; i++) {
    const error = Math.abs(predicted[i]! - observed[i]!);
    sum += error <= delta ? 0.5 * error * error : delta * (error - 0.5 * delta);
  }
  return sum / Math.max(1, observed.length);
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
