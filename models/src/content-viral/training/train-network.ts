/**
 * The training loop of the viral encoder: tfjs-layers cannot hold its attention, so the loop is
 * written out over the network's variables (architecture.ts) with Adam. Each epoch trains on a
 * seeded sample of the training posts (a budget: a pass over every simulated post would take an
 * hour on this machine's CPU), then scores the validation posts; the weights of the epoch with
 * the best validation ROC-AUC are the ones returned.
 *
 * Loss: binary cross-entropy of the logit against `viral` (a viral post's term weighted
 * positiveWeight), plus auxWeight × a Huber loss of a learned affine map of the same logit
 * against the post's relative engagement. The label is one bit per post, and mostly 0; the
 * relative engagement says how far above or below its channel's level every post landed, which
 * is the quantity the top decile is cut from, so the same logit learns from every post's
 * distance to the cut too. Only the logit is exported; the map's two numbers are dropped.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import { Random } from '@telepulse/dataset';
import type { ContentExample } from '../../content/content-examples.js';
import { brierScore, rocAuc } from '../../evaluation/rank-metrics.js';
import type { TrainingProgress } from '../../training/progress.js';
import { withSeededMathRandom } from '../../training/tf.js';
import { sigmoid } from '../calibration.js';
import { viralTokens } from '../token-window.js';
import { initViralWeights, readWeights, viralForward, weightList, type ViralArchitecture, type ViralWeights, type WeightValues } from './architecture.js';

/** What the loop reads of a post. */
export type ViralTrainingExample = Pick<ContentExample, 'text' | 'viral' | 'relativeEngagement'>;

/** How the loop trains: the settings a training config carries. */
export interface ViralLoopSettings {
  /** Bytes of a long text's end the network reads (token-window.ts). */
  tailTokens: number;
  epochs: number;
  /** Training posts drawn (without replacement, reshuffled each epoch) per epoch. */
  examplesPerEpoch: number;
  batchSize: number;
  /** Adam's rate after a linear warm-up over warmupSteps steps; it then decays linearly to a tenth by the last step. */
  learningRate: number;
  warmupSteps: number;
  positiveWeight: number;
  auxWeight: number;
  /** Relative engagement is clipped to ±this before the Huber loss (a post with no engagement at all sits at ln(1e-4 / level)). */
  auxClip: number;
}

export interface ViralLoopOptions extends ViralLoopSettings {
  architecture: ViralArchitecture;
  /** Seeds the sampling and the dropout masks. */
  seed: number;
  onProgress?: (progress: TrainingProgress) => void;
  log?: (line: string) => void;
}

export interface ViralEpochRecord {
  epoch: number;
  trainLoss: number;
  calibrationAuc: number;
  calibrationLogLoss: number;
}

export interface TrainedViralNetwork {
  /** The best epoch's weights. */
  weights: ViralWeights<WeightValues>;
  history: ViralEpochRecord[];
  bestEpoch: number;
}

/** The ids of a batch of texts, [n, maxTokens] int32. */
export function tokenBatch(tf: typeof tfc, texts: readonly string[], architecture: ViralArchitecture, tailTokens: number): tfc.Tensor2D {
  const flat = new Int32Array(texts.length * architecture.maxTokens);
  texts.forEach((text, i) => flat.set(viralTokens(text, architecture.maxTokens, tailTokens).ids, i * architecture.maxTokens));
  return tf.tensor2d(flat, [texts.length, architecture.maxTokens], 'int32');
}

/** The network's logits for texts, in batches, without dropout. */
export function viralLogits(tf: typeof tfc, architecture: ViralArchitecture, weights: ViralWeights<tfc.Tensor>, texts: readonly string[], tailTokens: number, batchSize = 256): Float32Array {
  const out = new Float32Array(texts.length);
  for (let start = 0; start < texts.length; start += batchSize) {
    const logits = tf.tidy(() => viralForward(architecture, weights, tokenBatch(tf, texts.slice(start, start + batchSize), architecture, tailTokens)));
    out.set(logits.dataSync(), start);
    logits.dispose();
  }
  return out;
}

/** Trains a network from its seeded initial weights; deterministic for the same inputs on one backend. */
export async function trainViralNetwork(
  tf: typeof tfc,
  train: readonly ViralTrainingExample[],
  validation: readonly ViralTrainingExample[],
  options: ViralLoopOptions,
): Promise<TrainedViralNetwork> {
  const { architecture, tailTokens, epochs, batchSize } = options;
  const log = options.log ?? (() => {});
  if (train.length === 0) throw new RangeError('no training posts');
  const perEpoch = Math.min(options.examplesPerEpoch, train.length);
  const batches = Math.ceil(perEpoch / batchSize);
  const totalSteps = epochs * batches;
  const random = new Random(options.seed).fork('viral-loop');
  const weights = initViralWeights(architecture);
  // The affine map from the logit to relative engagement, for the auxiliary loss only.
  const auxScale = tf.variable(tf.scalar(0.3));
  const auxShift = tf.variable(tf.scalar(0));
  const variables = [...weightList(weights), auxScale, auxShift];
  const optimizer = tf.train.adam(options.learningRate);
  const rateAt = (step: number) =>
    step < options.warmupSteps ? (options.learningRate * (step + 1)) / options.warmupSteps : options.learningRate * (1 - (0.9 * (step - options.warmupSteps)) / Math.max(1, totalSteps - options.warmupSteps));
  const validationLabels = validation.map((e) => e.viral);
  const validationTexts = validation.map((e) => e.text);

  const history: ViralEpochRecord[] = [];
  let best = { auc: Number.NEGATIVE_INFINITY, epoch: 0, weights: readWeights(weights) };
  let step = 0;
  try {
    await withSeededMathRandom(options.seed, async () => {
      for (let epoch = 1; epoch <= epochs; epoch++) {
        const started = performance.now();
        const sample = random.fork(`epoch-${epoch}`).shuffle([...train]).slice(0, perEpoch);
        let lossSum = 0;
        for (let b = 0; b < batches; b++) {
          const batch = sample.slice(b * batchSize, (b + 1) * batchSize);
          // tfjs's Adam reads its learningRate field at every step; it has no setter.
          (optimizer as unknown as { learningRate: number }).learningRate = rateAt(step++);
          const loss = tf.tidy(() => {
            const ids = tokenBatch(tf, batch.map((e) => e.text), architecture, tailTokens);
            const labels = tf.tensor1d(batch.map((e) => (e.viral ? 1 : 0)), 'float32');
            const classWeights = tf.tensor1d(batch.map((e) => (e.viral ? options.positiveWeight : 1)), 'float32');
            const relative = tf.tensor1d(batch.map((e) => Math.max(-options.auxClip, Math.min(options.auxClip, e.relativeEngagement))), 'float32');
            return optimizer.minimize(
              () => {
                const logits = viralForward(architecture, weights, ids, { training: true });
                const crossEntropy = tf.losses.sigmoidCrossEntropy(labels, logits, classWeights);
                if (options.auxWeight === 0) return crossEntropy as tfc.Scalar;
                const aux = tf.losses.huberLoss(relative, tf.add(tf.mul(logits, auxScale), auxShift));
                return tf.add(crossEntropy, tf.mul(aux, options.auxWeight)) as tfc.Scalar;
              },
              true,
              variables,
            )!;
          });
          const value = loss.dataSync()[0]!;
          loss.dispose();
          lossSum += value;
          options.onProgress?.({ epoch, epochs, batch: b + 1, batches, loss: lossSum / (b + 1) });
        }
        const trainLoss = round(lossSum / batches);
        const logits = viralLogits(tf, architecture, weights, validationTexts, tailTokens);
        const probabilities = Array.from(logits, sigmoid);
        const auc = round(rocAuc(Array.from(logits), validationLabels) ?? 0.5);
        const logLoss = round(meanLogLoss(probabilities, validationLabels));
        history.push({ epoch, trainLoss, calibrationAuc: auc, calibrationLogLoss: logLoss });
        options.onProgress?.({ epoch, epochs, batch: batches, batches, loss: trainLoss, validationMae: round(brierScore(probabilities, validationLabels)) });
        log(`epoch ${epoch}/${epochs}: train loss ${trainLoss}, validation ROC-AUC ${auc}, log-loss ${logLoss} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        if (auc > best.auc) best = { auc, epoch, weights: readWeights(weights) };
      }
    });
  } finally {
    variables.forEach((v) => v.dispose());
    optimizer.dispose();
  }
  return { weights: best.weights, history, bestEpoch: best.epoch };
}

function meanLogLoss(probabilities: readonly number[], labels: readonly boolean[]): number {
  const eps = 1e-7;
  return probabilities.reduce((s, p, i) => s - Math.log(labels[i] ? Math.max(p, eps) : Math.max(1 - p, eps)), 0) / Math.max(1, probabilities.length);
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
