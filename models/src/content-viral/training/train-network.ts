/**
 * The training loop of the viral encoder: tfjs-layers cannot hold its attention, so the loop is
 * written out over the network's variables (architecture.ts) with Adam. Each epoch trains on a
 * seeded sample of the training posts (a budget: a pass over every simulated post would take an
 * hour on this machine's CPU), then scores the validation posts; of each epoch's weights (and,
 * from averageFrom on, the running average of them), those with the best validation ROC-AUC are
 * the ones returned.
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
import { initViralWeights, mapWeights, readWeights, viralForward, weightList, zipWeights, type ViralArchitecture, type ViralWeights, type WeightValues } from './architecture.js';

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
  /**
   * From this epoch on, the weights at each epoch's end are also averaged (stochastic weight
   * averaging), and the running average is a candidate beside the epoch's own weights; 0: no
   * averaging.
   */
  averageFrom: number;
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
  /** The validation ROC-AUC of the weights averaged from averageFrom to this epoch. */
  averagedAuc?: number;
}

export interface TrainedViralNetwork {
  /** The best candidate's weights: an epoch's, or the average of the epochs from averagedFrom to bestEpoch. */
  weights: ViralWeights<WeightValues>;
  history: ViralEpochRecord[];
  bestEpoch: number;
  averagedFrom: number | null;
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
  let best: { auc: number; epoch: number; averagedFrom: number | null; weights: ViralWeights<WeightValues> } = { auc: Number.NEGATIVE_INFINITY, epoch: 0, averagedFrom: null, weights: readWeights(weights) };
  // The running sum of the weights at the ends of epochs averageFrom on.
  let average: ViralWeights<WeightValues> | null = null;
  const judge = (w: ViralWeights<tfc.Tensor>) => {
    const logits = viralLogits(tf, architecture, w, validationTexts, tailTokens);
    const probabilities = Array.from(logits, sigmoid);
    return {
      auc: round(rocAuc(Array.from(logits), validationLabels) ?? 0.5),
      logLoss: round(meanLogLoss(probabilities, validationLabels)),
      brier: round(brierScore(probabilities, validationLabels)),
    };
  };
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
        const own = judge(weights);
        const record: ViralEpochRecord = { epoch, trainLoss, calibrationAuc: own.auc, calibrationLogLoss: own.logLoss };
        if (own.auc > best.auc) best = { auc: own.auc, epoch, averagedFrom: null, weights: readWeights(weights) };
        if (options.averageFrom > 0 && epoch >= options.averageFrom) {
          const values = readWeights(weights);
          average = average === null ? values : zipWeights(average, values, (sum, w) => ({ shape: w.shape, values: sum.values.map((v, i) => v + w.values[i]!) }));
          const count = epoch - options.averageFrom + 1;
          const averaged = mapWeights(average, (w) => ({ shape: w.shape, values: w.values.map((v) => v / count) }));
          const tensors = mapWeights(averaged, (w) => tf.tensor(w.values, w.shape));
          const judged = judge(tensors);
          tf.dispose(weightList(tensors));
          record.averagedAuc = judged.auc;
          if (judged.auc > best.auc) best = { auc: judged.auc, epoch, averagedFrom: options.averageFrom, weights: averaged };
        }
        history.push(record);
        options.onProgress?.({ epoch, epochs, batch: batches, batches, loss: trainLoss, validationMae: own.brier });
        log(
          `epoch ${epoch}/${epochs}: train loss ${trainLoss}, validation ROC-AUC ${own.auc}${record.averagedAuc === undefined ? '' : ` (weights averaged since epoch ${options.averageFrom}: ${record.averagedAuc})`}, ` +
            `log-loss ${own.logLoss} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      }
    });
  } finally {
    variables.forEach((v) => v.dispose());
    optimizer.dispose();
  }
  return { weights: best.weights, history, bestEpoch: best.epoch, averagedFrom: best.averagedFrom };
}

function meanLogLoss(probabilities: readonly number[], labels: readonly boolean[]): number {
  const eps = 1e-7;
  return probabilities.reduce((s, p, i) => s - Math.log(labels[i] ? Math.max(p, eps) : Math.max(1 - p, eps)), 0) / Math.max(1, probabilities.length);
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
