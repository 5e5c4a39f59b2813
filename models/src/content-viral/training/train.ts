/**
 * Trains the content-viral encoder on simulated channels (and the early part of any channels
 * given), exports it to ONNX and checks the export against tfjs, calibrates its score on
 * calibration channels and measures it on held-out test channels against the baseline (text
 * length, media, hour): the artifact `pnpm train content-viral` writes.
 */
import { createHash } from 'node:crypto';
import ort from 'onnxruntime-node';
import { Random, type ChannelRecord } from '@telepulse/dataset';
import { fitViralBaseline } from '../../content/content-baselines.js';
import { referenceStatistics, type ModelReference } from '../../evaluation/reference-statistics.js';
import { viralDriftFeatures } from '../drift-features.js';
import { buildContentExamples, contentDatasets, type ContentDataConfig, type ContentExample } from '../../content/content-examples.js';
import { CONTENT_BYTE_OFFSET, CONTENT_CLS, CONTENT_VOCAB } from '../../content/tokenizer.js';
import { brierScore, rocAuc } from '../../evaluation/rank-metrics.js';
import { ONNX_IR_VERSION, ONNX_OPSET } from '../../onnx/builder.js';
import type { TrainingProgress } from '../../training/progress.js';
import { initTf, type TfBackendName } from '../../training/tf.js';
import type { ViralArtifact } from '../artifact.js';
import { calibratedScore } from '../calibration.js';
import { prepareViralInput } from '../inference.js';
import { viralIo, viralTokenizer, type ViralHeldOutMetrics, type ViralModelMetadata, type ViralReliabilityRow } from '../metadata.js';
import { viralLogitsWithOnnx } from '../offline-model.js';
import { mapWeights, resolveViralArchitecture, viralForward, weightList, type ViralArchitectureOptions } from './architecture.js';
import { exportViralOnnx } from './export-onnx.js';
import { fitPlatt } from './fit-calibration.js';
import { trainViralNetwork, viralLogits, type ViralLoopOptions, type ViralLoopSettings } from './train-network.js';

export interface ViralTrainingConfig extends ViralLoopSettings {
  version: string;
  data: ContentDataConfig;
  architecture: ViralArchitectureOptions;
  /** Calibration posts scored after each epoch to pick the best (a seeded sample: scoring all of them each epoch would cost a training epoch). */
  validationPosts: number;
  /** Examples of file channels are repeated this often: a few real channels among hundreds of simulated ones. */
  fileWeight: number;
  backend: TfBackendName;
}

/** What `pnpm train content-viral` trains: the committed artifact comes from exactly this. */
export const CONTENT_VIRAL_TRAINING: ViralTrainingConfig = {
  version: '1.1.0',
  data: { seed: 2026, simulator: { seed: 7, channels: 300, days: 240, endDate: '2024-12-31' }, split: { calibration: 30, test: 40 } },
  architecture: { maxTokens: 96, dModel: 32, heads: 4, layers: 2, ffn: 64, pooling: 'mean', dropout: 0, seed: 42 },
  tailTokens: 40,
  epochs: 36,
  examplesPerEpoch: 3200,
  batchSize: 32,
  learningRate: 0.003,
  warmupSteps: 50,
  positiveWeight: 1,
  auxWeight: 2,
  auxClip: 3,
  averageFrom: 6,
  validationPosts: 1200,
  fileWeight: 3,
  backend: 'wasm',
};

export interface ViralTrainingOptions {
  /** Channels to train on besides the simulator's, already cut to the part training may see (see evaluation/time-split.ts). */
  channels?: readonly ChannelRecord[];
  onProgress?: (progress: TrainingProgress) => void;
  log?: (line: string) => void;
}

/** Rows of random token ids checked for parity besides real texts. */
const PARITY_RANDOM_ROWS = 128;
const PARITY_TOLERANCE = 1e-4;

/**
 * Trains, exports, checks parity (tfjs against ONNX Runtime, ≤ 1e-4 on random and real token
 * rows, else an error), calibrates, and measures on the test channels (metrics.test: whether
 * that is good enough is the caller's call, see `pnpm train --commit`). Deterministic for a
 * config on one machine.
 */
export async function trainViralModel(config: ViralTrainingConfig, options: ViralTrainingOptions = {}): Promise<ViralArtifact> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const architecture = resolveViralArchitecture(config.architecture);
  const tokenizer = viralTokenizer(architecture.maxTokens, config.tailTokens);
  const { data, fileExamples, train } = viralTrainingData(config, options.channels ?? []);
  if (data.calibration.length === 0 || data.test.length === 0) throw new RangeError('content-viral training needs calibration and test channels with text posts');
  const validation = new Random(config.data.seed).fork('validation').shuffle([...data.calibration]).slice(0, config.validationPosts);
  log(
    `examples: ${train.length} train (${fileExamples.length} × ${config.fileWeight} from ${options.channels?.length ?? 0} file channels), ` +
      `${data.calibration.length} calibration (${validation.length} validate each epoch), ${data.test.length} test ` +
      `(${data.split.train}/${data.split.calibration}/${data.split.test} simulated channels)`,
  );

  const tf = await initTf(config.backend);
  const loop: ViralLoopOptions = { ...config, architecture, seed: config.data.seed, onProgress: options.onProgress, log };
  const network = await trainViralNetwork(tf, train, validation, loop);

  const onnx = exportViralOnnx(architecture, network.weights, { docString: `telepulse content-viral ${config.version}` });
  const session = await ort.InferenceSession.create(onnx);
  try {
    const parity = await checkParity(tf, session, network.weights, architecture, config, data.test);
    log(`parity: max |tfjs - onnx| = ${parity.maxAbsDiff.toExponential(2)} over ${parity.samples} token rows`);

    const logitsOf = async (examples: readonly ContentExample[]) => viralLogitsWithOnnx(session, examples.map((e) => prepareViralInput(e.text, tokenizer)));
    const calibration = roundCalibration(fitPlatt(await logitsOf(data.calibration), data.calibration.map((e) => e.viral)));
    const scores = Array.from(await logitsOf(data.test), (z) => calibratedScore(calibration, z));
    const baseline = fitViralBaseline(train);
    const test = heldOutMetrics(data.test, scores, data.test.map(baseline));
    log(`test: ROC-AUC ${test.auc} vs baseline ${test.baselineAuc}, Brier ${test.brier} vs ${test.baselineBrier} (${test.posts} posts, ${test.channels} channels)`);

    // A loop, not Math.min(...dates): spreading 100 000+ arguments overflows the stack.
    const dates = [...train, ...data.calibration, ...data.test].reduce((range, e) => ({ from: Math.min(range.from, e.postedAt.getTime()), to: Math.max(range.to, e.postedAt.getTime()) }), { from: Infinity, to: -Infinity });
    const metadata: ViralModelMetadata = {
      name: 'content-viral',
      version: config.version,
      format: { onnxOpset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.byteLength },
      io: viralIo(architecture.maxTokens),
      tokenizer,
      architecture,
      training: {
        seed: config.data.seed,
        backend: config.backend,
        epochs: config.epochs,
        examplesPerEpoch: config.examplesPerEpoch,
        bestEpoch: network.bestEpoch,
        averagedFrom: network.averagedFrom,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        warmupSteps: config.warmupSteps,
        loss: `binary cross-entropy (viral posts × ${config.positiveWeight}) + ${config.auxWeight} × Huber(relative engagement clipped to ±${config.auxClip}, a·logit + b)`,
        positiveWeight: config.positiveWeight,
        seconds: Math.round((performance.now() - started) / 1000),
        history: network.history,
      },
      data: {
        source: fileExamples.length ? 'simulator + files' : 'simulator',
        simulator: config.data.simulator,
        split: { train: data.split.train, calibration: data.split.calibration, test: data.split.test },
        examples: { train: train.length, calibration: data.calibration.length, test: data.test.length },
        trainViralShare: round(train.filter((e) => e.viral).length / train.length),
        ...(options.channels?.length ? { files: { channels: options.channels.length, examples: fileExamples.length, ids: options.channels.map((c) => c.id) } } : {}),
        dataRange: { from: new Date(dates.from).toISOString(), to: new Date(dates.to).toISOString() },
      },
      calibration,
      metrics: { test, reliability: reliabilityTable(scores, data.test.map((e) => e.viral)), parity },
      reference: viralReference(train),
    };
    return { onnx, metadata };
  } finally {
    await session.release();
  }
}

/**
 * The simulated datasets of `config` and the training examples: the simulated ones and the file
 * channels' early posts (`fileWeight` times), exactly what the trainer learns from, so `pnpm
 * reference` can regenerate them. Deterministic for a config and channels.
 */
export function viralTrainingData(config: ViralTrainingConfig, channels: readonly ChannelRecord[]) {
  const data = contentDatasets(config.data);
  const fileExamples = buildContentExamples(channels);
  const train = [...data.train, ...Array.from({ length: config.fileWeight }, () => fileExamples).flat()];
  return { data, fileExamples, train };
}

/** The reference statistics of training inputs for data drift: the drift features (drift-features.ts) of every training text. */
export function viralReference(train: readonly { text: string }[]): ModelReference {
  return { features: referenceStatistics(train.map((e) => viralDriftFeatures(e.text))) };
}

/** tfjs and ONNX Runtime on the same token rows: random ids of random lengths, and real test texts. */
async function checkParity(
  tf: Awaited<ReturnType<typeof initTf>>,
  session: ort.InferenceSession,
  weights: Parameters<typeof exportViralOnnx>[1],
  architecture: ReturnType<typeof resolveViralArchitecture>,
  config: ViralTrainingConfig,
  test: readonly ContentExample[],
): Promise<{ samples: number; maxAbsDiff: number }> {
  const { maxTokens } = architecture;
  const random = new Random(config.data.seed).fork('parity');
  const rows: Int32Array[] = Array.from({ length: PARITY_RANDOM_ROWS }, () => {
    const ids = new Int32Array(maxTokens);
    const length = random.int(1, maxTokens);
    ids[0] = CONTENT_CLS;
    for (let t = 1; t < length; t++) ids[t] = random.int(CONTENT_BYTE_OFFSET, CONTENT_VOCAB - 1);
    return ids;
  });
  const texts = test.slice(0, 256).map((e) => e.text);
  const tensors = mapWeights(weights, (w) => tf.tensor(w.values, w.shape));
  try {
    const expected = new Float32Array(rows.length + texts.length);
    const flat = new Int32Array(rows.length * maxTokens);
    rows.forEach((r, i) => flat.set(r, i * maxTokens));
    expected.set(tf.tidy(() => viralForward(architecture, tensors, tf.tensor2d(flat, [rows.length, maxTokens], 'int32')).dataSync()));
    expected.set(viralLogits(tf, architecture, tensors, texts, config.tailTokens), rows.length);
    const inputs = [...rows.map((r) => ({ input: Float32Array.from(r) })), ...texts.map((t) => prepareViralInput(t, viralTokenizer(maxTokens, config.tailTokens)))];
    const actual = await viralLogitsWithOnnx(session, inputs);
    let maxAbsDiff = 0;
    for (let i = 0; i < expected.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(expected[i]! - actual[i]!));
    if (!(maxAbsDiff <= PARITY_TOLERANCE)) throw new Error(`ONNX export does not match tfjs: max abs diff ${maxAbsDiff} > ${PARITY_TOLERANCE}`);
    return { samples: expected.length, maxAbsDiff };
  } finally {
    tf.dispose(weightList(tensors));
  }
}

/** Held-out ROC-AUC and Brier of the model's scores and the baseline's on the same posts. */
export function heldOutMetrics(examples: readonly ContentExample[], scores: readonly number[], baselineScores: readonly number[]): ViralHeldOutMetrics {
  const labels = examples.map((e) => e.viral);
  return {
    posts: examples.length,
    viral: labels.filter(Boolean).length,
    channels: new Set(examples.map((e) => e.channelId)).size,
    auc: round(rocAuc(scores, labels) ?? Number.NaN),
    brier: round(brierScore(scores, labels)),
    baselineAuc: round(rocAuc(baselineScores, labels) ?? Number.NaN),
    baselineBrier: round(brierScore(baselineScores, labels)),
  };
}

/** Scores sorted and cut into ten groups of (nearly) equal size: the mean score against the share of viral posts in each. */
export function reliabilityTable(scores: readonly number[], labels: readonly boolean[]): ViralReliabilityRow[] {
  const sorted = scores.map((s, i) => ({ s, viral: labels[i]! })).sort((a, b) => a.s - b.s);
  return Array.from({ length: 10 }, (_, d) => sorted.slice(Math.floor((d * sorted.length) / 10), Math.floor(((d + 1) * sorted.length) / 10)))
    .filter((group) => group.length > 0)
    .map((group) => ({
      from: round(group[0]!.s),
      to: round(group[group.length - 1]!.s),
      posts: group.length,
      meanScore: round(group.reduce((sum, g) => sum + g.s, 0) / group.length),
      viralShare: round(group.filter((g) => g.viral).length / group.length),
    }));
}

const roundCalibration = (c: ReturnType<typeof fitPlatt>) => ({ ...c, slope: round(c.slope), intercept: round(c.intercept) });
const round = (v: number) => Math.round(v * 1e6) / 1e6;
