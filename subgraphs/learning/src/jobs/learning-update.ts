/**
 * The CPU-bound part of a learning job, run in a worker thread (update-worker.ts): the replay
 * sample, the fine-tuning (or full retraining) from the active version's bytes, and the
 * champion/challenger comparison of both versions on the held-out items. It reads and writes
 * nothing: its caller reads the examples and registers what it returns.
 */
import { compareChampionChallenger, type ChampionChallengerComparison } from '@telepulse/models/learning/champion-challenger';
import { fineTune, retrain } from '@telepulse/models/learning/fine-tune';
import { heldOutErrors } from '@telepulse/models/learning/held-out-errors';
import type { LabelledExamples, LearningModelId } from '@telepulse/models/learning/labelled-example';
import { replaySample } from '@telepulse/models/learning/replay-sample';

export interface UpdateRequest<M extends LearningModelId = LearningModelId> {
  modelId: M;
  strategy: 'INCREMENTAL' | 'FULL_RETRAIN';
  /** The active version: the champion, and where fine-tuning starts. */
  base: { version: string; onnx: Uint8Array; metadata: unknown };
  /** Labelled feedback to learn from (never the held-out items). */
  fresh: LabelledExamples[M][];
  /** The most recent feedback, kept out of training: the evaluation's items. */
  heldOut: LabelledExamples[M][];
  replaySize: number;
  learningRate: number;
  epochs: number;
  seed: number;
  /** Versions already registered, so the new one gets a free name. */
  takenVersions: string[];
  resamples: number;
}

export interface UpdateResult {
  version: string;
  onnx: Uint8Array;
  metadata: unknown;
  replayUsed: number;
  comparison: ChampionChallengerComparison;
}

/** Trains the challenger and judges it against the champion; `onProgress` gets 0..1 and the step. */
export async function runLearningUpdate<M extends LearningModelId>(request: UpdateRequest<M>, onProgress: (fraction: number, step: string) => void): Promise<UpdateResult> {
  const { modelId, base } = request;
  onProgress(0, `sampling ${request.replaySize} replay examples`);
  const replay = replaySample(modelId, request.replaySize, request.seed);
  const train = request.strategy === 'FULL_RETRAIN' ? retrain : fineTune;
  // Training is most of the work: 0..0.85 of the update.
  const learned = await train(modelId, base, { fresh: request.fresh, replay }, {
    learningRate: request.learningRate,
    epochs: request.epochs,
    seed: request.seed,
    heldOut: request.heldOut.length,
    takenVersions: request.takenVersions,
    onProgress: (fraction, step) => onProgress(0.05 + fraction * 0.8, step),
  });
  const version = (learned.metadata as { version: string }).version;
  onProgress(0.86, `evaluating ${base.version} (champion) and ${version} (challenger) on ${request.heldOut.length} held-out items`);
  const [championErrors, challengerErrors] = [await heldOutErrors(modelId, base, request.heldOut), await heldOutErrors(modelId, learned, request.heldOut)];
  const comparison = compareChampionChallenger(championErrors, challengerErrors, { seed: request.seed, resamples: request.resamples });
  onProgress(0.95, `${comparison.decision === 'ACTIVATED' ? 'challenger better beyond noise' : 'challenger not better beyond noise'}`);
  return { version, onnx: learned.onnx, metadata: learned.metadata, replayUsed: replay.length, comparison };
}
