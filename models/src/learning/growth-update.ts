/**
 * An update of the growth model from labelled examples: fine-tuning the served version's weights
 * (imported from its ONNX bytes) or retraining its architecture from a fresh initialisation, on
 * fresh feedback plus replayed training data, with the trainer's loss (growth/training/train.ts:
 * pinball of the quantiles, examples weighted by their noise, days by d^-power) and the days
 * nobody observed weighted 0; then the export, its parity with tfjs, and the new metadata.
 *
 * Taken over from the parent unchanged, and listed in `lineage.inheritedFromParent`: the held-out
 * test metrics, the interval calibration record, the per-column feature statistics and the data
 * record (an update has no held-out channels of its own: the champion/challenger comparison is
 * its evidence). The quantile head's width scales are the parent's too (imported with its
 * weights; a retrain starts from the trainer's 1s). Recomputed: format, training record, parity,
 * target statistics and the reference statistics for drift over the inputs trained on.
 */
import { InvalidInputError } from '@telepulse/platform';
import { median } from '../engagement/confidence.js';
import { initTf, withSeededMathRandom } from '../training/tf.js';
import { featureStats } from '../training/feature-stats.js';
import type { GrowthArtifact } from '../growth/artifact.js';
import { GAIN_SCALE, GROWTH_FEATURES, growthColumn } from '../growth/features.js';
import type { GrowthModelMetadata } from '../growth/metadata.js';
import { quantilesWithOnnx } from '../growth/offline-model.js';
import { GROWTH_QUANTILES } from '../growth/series.js';
import { buildGrowthNetwork, QUANTILE_COUNT, resolveGrowthArchitecture } from '../growth/training/architecture.js';
import { exportGrowthOnnx } from '../growth/training/export-onnx.js';
import { dayWeighting, GROWTH_TRAINING, growthPinballLoss, growthReference, noiseWeights, startGrowingSlowly } from '../growth/training/train.js';
import { importGrowthWeights } from './import-growth.js';
import { growthTrainingExamples, type GrowthLabelledExample, type GrowthTrainingExample } from './labelled-example.js';
import { learnedLineage, onnxFormat, trainingProgress, updateTrainingRecord, type LearnedLineage } from './learned-metadata.js';
import { nextVersion, type UpdateStrategy } from './lineage.js';
import { trainUpdateEpochs } from './training-loop.js';
import type { CheckedUpdateOptions } from './update-options.js';
import { checkExportParity } from './update-parity.js';

export type LearnedGrowthMetadata = GrowthModelMetadata & { lineage: LearnedLineage };

const INHERITED = ['metrics.test', 'intervals', 'featureStats', 'data'];
const PARITY_SAMPLES = 256;
const MEDIAN = GROWTH_QUANTILES.indexOf(0.5);

type Example = GrowthTrainingExample & { noise: number };

/**
 * Trains a growth version from `base` on `fresh` + `replay`. Throws InvalidInputError naming
 * `examples.fresh[i]…` for a bad example or none, PreconditionError when the base's bytes and
 * metadata disagree, UpdateParityError when the export does not compute what tfjs does. Sets the
 * tfjs backend; patches Math.random while it trains (training/tf.ts).
 */
export async function updateGrowth(
  base: GrowthArtifact,
  examples: { fresh: readonly GrowthLabelledExample[]; replay: readonly GrowthLabelledExample[] },
  options: CheckedUpdateOptions,
  strategy: UpdateStrategy,
): Promise<{ onnx: Uint8Array; metadata: LearnedGrowthMetadata }> {
  const parent = base.metadata;
  const architecture = resolveGrowthArchitecture(parent.architecture);
  const { window, horizon } = architecture;
  const withNoise = (e: GrowthTrainingExample): Example => ({ ...e, noise: noiseOfInput(e.input, window) });
  const fresh = growthTrainingExamples(examples.fresh, window, horizon, 'examples.fresh').map(withNoise);
  const replay = growthTrainingExamples(examples.replay, window, horizon, 'examples.replay').map(withNoise);
  if (fresh.length === 0) throw new InvalidInputError([{ field: 'examples.fresh', value: 0, message: 'must hold at least one example' }]);
  const train = [...fresh, ...replay];
  const { onProgress } = options;
  const progress = trainingProgress(options);
  onProgress(0, strategy === 'INCREMENTAL' ? `importing growth ${parent.version}` : `initialising growth ${parent.version}'s architecture`);

  const tf = await initTf(options.backend);
  const toTensor = (items: readonly { input: Float32Array }[]) => {
    const flat = new Float32Array(items.length * window * GROWTH_FEATURES);
    items.forEach((e, i) => flat.set(e.input, i * window * GROWTH_FEATURES));
    return tf.tensor3d(flat, [items.length, window, GROWTH_FEATURES]);
  };
  const weightOf = noiseWeights(train, GROWTH_TRAINING.noiseFloor);
  const onDay = dayWeighting(horizon, GROWTH_TRAINING.dayWeightPower);
  const targets = (batch: readonly Example[]) => {
    const flat = new Float32Array(batch.length * horizon * QUANTILE_COUNT);
    batch.forEach((e, i) => e.target.forEach((y, d) => flat.set([y, e.known[d] ? onDay(weightOf(e), d) : 0], (i * horizon + d) * QUANTILE_COUNT)));
    return tf.tensor3d(flat, [batch.length, horizon, QUANTILE_COUNT]);
  };
  const { loss, dispose: disposeLoss } = growthPinballLoss(tf, GROWTH_TRAINING.medianWeight);

  const { model, history } = await withSeededMathRandom(options.seed, async () => {
    const model = strategy === 'INCREMENTAL' ? await importGrowthWeights(base.onnx, parent, options.backend) : buildGrowthNetwork(architecture);
    try {
      if (strategy === 'FULL_RETRAIN') startGrowingSlowly(tf, model, horizon);
      model.compile({ optimizer: tf.train.adam(options.learningRate), loss });
      onProgress(0.05, 'training');
      const history: GrowthModelMetadata['training']['history'] = [];
      const losses = await trainUpdateEpochs<Example>(model, train, {
        epochs: options.epochs,
        batchSize: options.batchSize,
        seed: options.seed,
        tensors: (batch) => ({ x: toTensor(batch), y: targets(batch) }),
        onBatch: (epoch, b, batches) => {
          progress(epoch, b, batches);
          if (b !== batches) return;
          const outputs = tf.tidy(() => (model.predict(toTensor(fresh)) as ReturnType<typeof tf.tensor>).dataSync() as Float32Array);
          history.push({ epoch, trainLoss: Number.NaN, ...observedDayLosses(fresh, outputs, horizon) });
        },
      });
      losses.forEach((l, i) => (history[i]!.trainLoss = l));
      return { model, history };
    } catch (error) {
      model.dispose();
      throw error;
    } finally {
      disposeLoss();
    }
  });

  onProgress(0.9, 'exporting to ONNX');
  const facts = { parentVersion: parent.version, strategy, fresh: examples.fresh, feedbackUsed: fresh.length, replayUsed: replay.length, options };
  const parityInputs = train.slice(0, PARITY_SAMPLES);
  try {
    const version = options.version ?? nextVersion(parent.version, strategy, options.takenVersions);
    const onnx = exportGrowthOnnx(model, { docString: `telepulse growth ${version}` });
    const expected = tf.tidy(() => (model.predict(toTensor(parityInputs)) as ReturnType<typeof tf.tensor>).dataSync());
    const maxAbsDiff = await checkExportParity('growth', version, onnx, expected, async (session) => (await quantilesWithOnnx(session, parityInputs)).flatMap((q) => Array.from(q)));

    const lastKnown = train.flatMap((e) => {
      const d = e.known.lastIndexOf(true);
      return d >= 0 ? [e.target[d]!] : [];
    });
    const metadata: LearnedGrowthMetadata = {
      ...parent,
      version,
      format: onnxFormat(onnx),
      architecture,
      training: {
        ...updateTrainingRecord(facts, `${trainedLoss(parent.training.loss)}; days not observed weighted 0`, "history's validation numbers are on the feedback examples' observed days"),
        history,
      },
      metrics: { ...parent.metrics, parity: { samples: parityInputs.length, maxAbsDiff } },
      // Of the last observed day's log ratio (the trainer's: day 30's, which feedback rarely has yet).
      targetStats: featureStats(lastKnown),
      reference: growthReference(train, window),
      lineage: learnedLineage(facts, INHERITED),
    };
    delete metadata.evaluation;
    onProgress(1, 'done');
    return { onnx, metadata };
  } finally {
    model.dispose();
  }
}

/** The trainer's own loss line of a version, without what earlier updates added to it (from "; days not observed" on). */
function trainedLoss(loss: string): string {
  const cut = loss.indexOf('; days not observed');
  return cut < 0 ? loss : loss.slice(0, cut);
}

/**
 * A growth input's daily noise as the trainer weighs examples by it (examples.ts dailyNoise):
 * 1.4826 × the MAD of the daily log gains of the days read, from the input's gain column (the
 * first day's gain reaches before the history and is left out, as dailyNoise leaves it out).
 */
export function noiseOfInput(input: Float32Array, window: number): number {
  const at = (row: number, column: number) => input[row * GROWTH_FEATURES + column]!;
  const present = Array.from({ length: window }, (_, row) => row).filter((row) => at(row, growthColumn('present')) === 1);
  const gains = present.slice(1).map((row) => at(row, growthColumn('gain')) / GAIN_SCALE);
  const center = median(gains);
  return 1.4826 * median(gains.map((g) => Math.abs(g - center)));
}

/** Pinball and median MAE of the log ratio over the observed days only. */
function observedDayLosses(examples: readonly Example[], outputs: Float32Array, horizon: number): { validationLoss: number; validationMae: number } {
  let pinball = 0;
  let mae = 0;
  let days = 0;
  examples.forEach((e, i) => {
    e.known.forEach((known, d) => {
      if (!known) return;
      const at = (i * horizon + d) * QUANTILE_COUNT;
      GROWTH_QUANTILES.forEach((q, k) => {
        const error = e.target[d]! - outputs[at + k]!;
        pinball += Math.max(q * error, (q - 1) * error);
      });
      mae += Math.abs(e.target[d]! - outputs[at + MEDIAN]!);
      days += 1;
    });
  });
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { validationLoss: round((100 * pinball) / Math.max(1, days * QUANTILE_COUNT)), validationMae: round(mae / Math.max(1, days)) };
}
