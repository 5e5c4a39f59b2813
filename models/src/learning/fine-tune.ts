/**
 * The two ways a model learns from feedback, for every model that takes it:
 * - `fineTune` (strategy INCREMENTAL): continues training the served version's own weights
 *   (read back from its ONNX bytes) on the fresh labelled examples plus a replay sample of its
 *   original training data, at the given (adaptive) learning rate;
 * - `retrain` (strategy FULL_RETRAIN, for high drift): the same architecture from a fresh
 *   initialisation, on the same kind of recent window (fresh + replay).
 * Both give a new version's ONNX bytes and metadata (name, lineage, recomputed reference
 * statistics; see engagement-update.ts and growth-update.ts for what is recomputed and what is
 * the parent's), ready to register. Nothing is registered or activated here.
 *
 * Plain TypeScript without module state beyond tfjs's own backend registry: safe to call inside a
 * worker thread (each thread starts its own tfjs backend; update-in-worker.ts runs one there). One
 * update at a time per thread: it patches Math.random while it trains (training/tf.ts
 * withSeededMathRandom).
 */
import { InvalidInputError } from '@telepulse/platform';
import type { EngagementArtifact } from '../engagement/artifact.js';
import type { GrowthArtifact } from '../growth/artifact.js';
import { updateEngagement, type LearnedEngagementMetadata } from './engagement-update.js';
import { updateGrowth, type LearnedGrowthMetadata } from './growth-update.js';
import { LEARNING_MODELS, type LabelledExamples, type LearningModelId } from './labelled-example.js';
import type { UpdateStrategy } from './lineage.js';
import { checkUpdateOptions, type UpdateOptions } from './update-options.js';

/** A learned version's metadata, per model. */
export interface LearnedMetadata {
  engagement: LearnedEngagementMetadata;
  growth: LearnedGrowthMetadata;
}

export interface LearnedArtifact<M extends LearningModelId> {
  onnx: Uint8Array;
  metadata: LearnedMetadata[M];
}

/** The version to start from: its bytes and its metadata as registered. */
export interface BaseVersion {
  onnx: Uint8Array;
  metadata: unknown;
}

export interface UpdateExamples<M extends LearningModelId> {
  /** Labelled feedback: what the update is for. */
  fresh: readonly LabelledExamples[M][];
  /** Examples of the original training data (replaySample) that keep the model from forgetting it. */
  replay: readonly LabelledExamples[M][];
}

/**
 * Fine-tunes `base` (the active version) on `examples`. Deterministic for the same base, examples
 * and options on one backend. Throws InvalidInputError naming the field (`modelId`,
 * `options.learningRate`, `examples.fresh[3].observed`…), PreconditionError when the base's bytes
 * do not hold the network its metadata describes, UpdateParityError when the export fails its check.
 */
export function fineTune<M extends LearningModelId>(modelId: M, base: BaseVersion, examples: UpdateExamples<M>, options: UpdateOptions): Promise<LearnedArtifact<M>> {
  return update(modelId, base, examples, options, 'INCREMENTAL');
}

/** Retrains `base`'s architecture from a fresh initialisation on `examples` (FULL_RETRAIN); otherwise as fineTune. */
export function retrain<M extends LearningModelId>(modelId: M, base: BaseVersion, examples: UpdateExamples<M>, options: UpdateOptions): Promise<LearnedArtifact<M>> {
  return update(modelId, base, examples, options, 'FULL_RETRAIN');
}

async function update<M extends LearningModelId>(modelId: M, base: BaseVersion, examples: UpdateExamples<M>, options: UpdateOptions, strategy: UpdateStrategy): Promise<LearnedArtifact<M>> {
  if (!LEARNING_MODELS.includes(modelId)) {
    throw new InvalidInputError([{ field: 'modelId', value: modelId, message: `must be a model that learns from feedback: ${LEARNING_MODELS.join(', ')}` }]);
  }
  const name = (base.metadata as { name?: unknown } | null)?.name;
  if (name !== modelId) throw new InvalidInputError([{ field: 'base.metadata.name', value: name, message: `must be ${modelId}: the base must be a version of the model updated` }]);
  const checked = checkUpdateOptions(options);
  const result =
    modelId === 'engagement'
      ? await updateEngagement(base as EngagementArtifact, examples as UpdateExamples<'engagement'>, checked, strategy)
      : await updateGrowth(base as GrowthArtifact, examples as UpdateExamples<'growth'>, checked, strategy);
  return result as LearnedArtifact<M>;
}
