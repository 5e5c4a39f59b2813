/**
 * An update of the engagement model from labelled examples: fine-tuning the served version's
 * weights (imported from its ONNX bytes), or retraining its architecture from a fresh
 * initialisation, on fresh feedback plus replayed training data; then the export, its parity
 * with tfjs, and the new version's metadata.
 *
 * What the new metadata takes over from the parent unchanged, and says so in
 * `lineage.inheritedFromParent`: the held-out test metrics (an update has no test set of its own;
 * the champion/challenger comparison on held-out feedback is its evidence), the confidence model
 * and the short-history fallback (fitted on calibration channels an update does not have), the
 * per-column feature statistics and the original data record. Recomputed: the ONNX format, the
 * training record, the parity, the target statistics and the reference statistics for drift
 * (over the inputs this update trained on).
 */
import { InvalidInputError } from '@telepulse/platform';
import { initTf, withSeededMathRandom } from '../training/tf.js';
import { featureStats } from '../training/feature-stats.js';
import type { EngagementArtifact } from '../engagement/artifact.js';
import { FEATURES_PER_POST, ratioToRate } from '../engagement/features.js';
import { upgradeEngagementMetadata, type EngagementModelMetadata } from '../engagement/metadata.js';
import { predictWithOnnx } from '../engagement/offline-model.js';
import { buildEngagementNetwork, resolveEngagementArchitecture } from '../engagement/training/architecture.js';
import { exportEngagementOnnx } from '../engagement/training/export-onnx.js';
import { ENGAGEMENT_TRAINING, engagementLoss, engagementReference, startAtChannelLevel } from '../engagement/training/train.js';
import { importEngagementWeights } from './import-engagement.js';
import { engagementModelAsked, engagementTrainingExamples, type EngagementLabelledExample, type EngagementTrainingExample } from './labelled-example.js';
import { learnedLineage, onnxFormat, trainingProgress, updateTrainingRecord, type LearnedLineage } from './learned-metadata.js';
import { nextVersion, type UpdateStrategy } from './lineage.js';
import { trainUpdateEpochs } from './training-loop.js';
import type { CheckedUpdateOptions } from './update-options.js';
import { checkExportParity } from './update-parity.js';

/** A learned engagement version's metadata: the trained layout plus where it came from. */
export type LearnedEngagementMetadata = EngagementModelMetadata & { lineage: LearnedLineage };

const INHERITED = ['metrics.test', 'confidence', 'fallback', 'featureStats', 'data'];

/** Inputs the parity check runs through tfjs and ONNX Runtime. */
const PARITY_SAMPLES = 256;

/**
 * Trains an engagement version from `base` on `fresh` + `replay` (examples whose history is
 * shorter than MIN_HISTORY_POSTS are left out: serving never asks the model for them). Throws
 * InvalidInputError naming `examples.fresh[i]…` for a bad example or when no fresh example is
 * usable, PreconditionError when the base's bytes and metadata disagree, UpdateParityError when
 * the export does not compute what tfjs does. Sets the tfjs backend; patches Math.random while it
 * trains (training/tf.ts).
 */
export async function updateEngagement(
  base: EngagementArtifact,
  examples: { fresh: readonly EngagementLabelledExample[]; replay: readonly EngagementLabelledExample[] },
  options: CheckedUpdateOptions,
  strategy: UpdateStrategy,
): Promise<{ onnx: Uint8Array; metadata: LearnedEngagementMetadata }> {
  const parent = upgradeEngagementMetadata(base.metadata);
  const architecture = resolveEngagementArchitecture(parent.architecture);
  const { historyPosts } = architecture;
  const fresh = engagementTrainingExamples(examples.fresh, historyPosts, 'examples.fresh').filter(engagementModelAsked);
  const replay = engagementTrainingExamples(examples.replay, historyPosts, 'examples.replay').filter(engagementModelAsked);
  if (fresh.length === 0) {
    throw new InvalidInputError([{ field: 'examples.fresh', value: examples.fresh.length, message: 'must hold at least one example whose input has 4 or more history posts' }]);
  }
  const train = [...fresh, ...replay];
  const { onProgress } = options;
  const progress = trainingProgress(options);
  const steps = historyPosts + 1;
  onProgress(0, strategy === 'INCREMENTAL' ? `importing engagement ${parent.version}` : `initialising engagement ${parent.version}'s architecture`);

  const tf = await initTf(options.backend);
  const toTensor = (items: readonly { input: Float32Array }[]) => {
    const flat = new Float32Array(items.length * steps * FEATURES_PER_POST);
    items.forEach((e, i) => flat.set(e.input, i * steps * FEATURES_PER_POST));
    return tf.tensor3d(flat, [items.length, steps, FEATURES_PER_POST]);
  };
  const freshMae = (model: { predict(x: ReturnType<typeof tf.tensor>): unknown }): number =>
    tf.tidy(() => {
      const out = (model.predict(toTensor(fresh)) as ReturnType<typeof tf.tensor>).dataSync();
      return round(fresh.reduce((s, e, i) => s + Math.abs(ratioToRate(out[2 * i]!, e.level) - e.observed), 0) / fresh.length);
    });

  const { model, history } = await withSeededMathRandom(options.seed, async () => {
    const model =
      strategy === 'INCREMENTAL'
        ? await importEngagementWeights(base.onnx, parent, options.backend)
        : buildEngagementNetwork(architecture);
    try {
      if (strategy === 'FULL_RETRAIN') startAtChannelLevel(tf, model);
      model.compile({ optimizer: tf.train.adam(options.learningRate), loss: engagementLoss(tf, ENGAGEMENT_TRAINING.l1Weight) });
      onProgress(0.05, 'training');
      const history: EngagementModelMetadata['training']['history'] = [];
      const losses = await trainUpdateEpochs<EngagementTrainingExample>(model, train, {
        epochs: options.epochs,
        batchSize: options.batchSize,
        seed: options.seed,
        tensors: (batch) => ({ x: toTensor(batch), y: tf.tensor2d(batch.flatMap((e) => [e.targetRatio, 0]), [batch.length, 2]) }),
        onBatch: (epoch, b, batches) => {
          progress(epoch, b, batches);
          if (b === batches) history.push({ epoch, trainLoss: Number.NaN, calibrationMae: freshMae(model) });
        },
      });
      losses.forEach((loss, i) => (history[i]!.trainLoss = loss));
      return { model, history };
    } catch (error) {
      model.dispose();
      throw error;
    }
  });

  onProgress(0.9, 'exporting to ONNX');
  const facts = { parentVersion: parent.version, strategy, fresh: examples.fresh, feedbackUsed: fresh.length, replayUsed: replay.length, options };
  const parityInputs = train.slice(0, PARITY_SAMPLES);
  try {
    const version = options.version ?? nextVersion(parent.version, strategy, options.takenVersions);
    const onnx = exportEngagementOnnx(model, { docString: `telepulse engagement ${version}` });
    const expected = tf.tidy(() => (model.predict(toTensor(parityInputs)) as ReturnType<typeof tf.tensor>).dataSync());
    const maxAbsDiff = await checkExportParity('engagement', version, onnx, expected, async (session) => (await predictWithOnnx(session, parityInputs)).flatMap((o) => [o.ratio, o.logScale]));

    const metadata: LearnedEngagementMetadata = {
      ...parent,
      version,
      format: onnxFormat(onnx),
      architecture,
      training: {
        ...updateTrainingRecord(facts, `laplace-nll + ${ENGAGEMENT_TRAINING.l1Weight} × L1 on the log ratio`, "history's calibrationMae is the rate MAE on the feedback examples"),
        earlyShare: parent.training.earlyShare,
        history,
      },
      metrics: { ...parent.metrics, parity: { samples: parityInputs.length, maxAbsDiff } },
      targetStats: featureStats(train.map((e) => e.observed)),
      reference: engagementReference(train, historyPosts),
      lineage: learnedLineage(facts, INHERITED),
    };
    // `pnpm train`'s evaluation judged the parent, not this version.
    delete metadata.evaluation;
    onProgress(1, 'done');
    return { onnx, metadata };
  } finally {
    model.dispose();
  }
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
