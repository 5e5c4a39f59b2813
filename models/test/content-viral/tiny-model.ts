/**
 * A tiny content-viral model trained in seconds on made-up posts where one word decides: a post
 * with "giveaway" in it is viral, and nothing else is. Small enough to train in a test, real
 * enough to go through the exporter, the calibration fit and the model kit like the committed
 * one.
 */
import { Random } from '@telepulse/dataset';
import { viralIo, viralTokenizer, type ViralModelMetadata } from '../../src/content-viral/metadata.js';
import type { ViralArtifact } from '../../src/content-viral/artifact.js';
import { mapWeights, resolveViralArchitecture, weightList } from '../../src/content-viral/training/architecture.js';
import { exportViralOnnx } from '../../src/content-viral/training/export-onnx.js';
import { fitPlatt } from '../../src/content-viral/training/fit-calibration.js';
import { trainViralNetwork, viralLogits, type ViralTrainingExample } from '../../src/content-viral/training/train-network.js';
import { initTf } from '../../src/training/tf.js';

export const MARKER = 'giveaway';
const FILLER = ['news', 'today', 'photo', 'city', 'new', 'post', 'morning', 'team', 'week', 'day', 'update', 'more'];

/** A post of 3-7 filler words, with the marker at a random place when `viral`. */
export function madeUpPost(random: Random, viral: boolean): string {
  const words = Array.from({ length: random.int(3, 7) }, () => random.pick(FILLER));
  if (viral) words.splice(random.int(0, words.length), 0, MARKER);
  return words.join(' ');
}

export function madeUpExamples(seed: number, n: number): ViralTrainingExample[] {
  const random = new Random(seed);
  return Array.from({ length: n }, () => {
    const viral = random.bernoulli(0.3);
    return { text: madeUpPost(random, viral), viral, relativeEngagement: viral ? 1 : -0.3 };
  });
}

export const TINY_ARCHITECTURE = resolveViralArchitecture({ maxTokens: 48, dModel: 16, heads: 4, layers: 2, ffn: 32, dropout: 0, seed: 7 });
export const TINY_TAIL = 8;

/** Trains and exports the tiny model; its metadata is what the trainer would write, with the numbers of this run. */
export async function trainTinyViralModel(): Promise<ViralArtifact> {
  const tf = await initTf('wasm');
  const train = madeUpExamples(1, 2000);
  const validation = madeUpExamples(2, 300);
  const network = await trainViralNetwork(tf, train, validation, {
    architecture: TINY_ARCHITECTURE,
    tailTokens: TINY_TAIL,
    epochs: 3,
    examplesPerEpoch: 640,
    batchSize: 32,
    learningRate: 0.01,
    warmupSteps: 10,
    positiveWeight: 1,
    auxWeight: 0.5,
    auxClip: 3,
    averageFrom: 0,
    seed: 3,
  });
  const onnx = exportViralOnnx(TINY_ARCHITECTURE, network.weights);
  const tensors = mapWeights(network.weights, (w) => tf.tensor(w.values, w.shape));
  const logits = viralLogits(tf, TINY_ARCHITECTURE, tensors, validation.map((e) => e.text), TINY_TAIL);
  tf.dispose(weightList(tensors));
  const metadata: ViralModelMetadata = {
    name: 'content-viral',
    version: '0.0.1-tiny',
    format: { onnxOpset: 17, irVersion: 8, sha256: '', bytes: onnx.byteLength },
    io: viralIo(TINY_ARCHITECTURE.maxTokens),
    tokenizer: viralTokenizer(TINY_ARCHITECTURE.maxTokens, TINY_TAIL),
    architecture: TINY_ARCHITECTURE,
    training: {
      seed: 3,
      backend: 'wasm',
      epochs: 3,
      examplesPerEpoch: 640,
      bestEpoch: network.bestEpoch,
      averagedFrom: network.averagedFrom,
      batchSize: 32,
      learningRate: 0.01,
      warmupSteps: 10,
      loss: 'binary cross-entropy + 0.5 × Huber',
      positiveWeight: 1,
      seconds: 0,
      history: network.history,
    },
    data: {
      source: 'made-up posts',
      simulator: { seed: 0, channels: 0, days: 0, endDate: '' },
      split: { train: 0, calibration: 0, test: 0 },
      examples: { train: train.length, calibration: validation.length, test: 0 },
      trainViralShare: 0.3,
      dataRange: { from: '', to: '' },
    },
    calibration: fitPlatt(logits, validation.map((e) => e.viral)),
    metrics: { test: { posts: 0, viral: 0, channels: 0, auc: 0, brier: 0, baselineAuc: 0, baselineBrier: 0 }, reliability: [], parity: { samples: 0, maxAbsDiff: 0 } },
  };
  return { onnx, metadata };
}
