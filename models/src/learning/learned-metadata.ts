/**
 * What every learned version's metadata records the same way, whatever the model: its ONNX
 * format, its lineage (lineage.ts) with the metadata fields it took over from its parent, and the
 * sentence its training record adds to the parent's loss description.
 */
import { createHash } from 'node:crypto';
import { ONNX_IR_VERSION, ONNX_OPSET } from '../onnx/builder.js';
import { dataWindow, type ModelLineage, type UpdateStrategy } from './lineage.js';
import type { CheckedUpdateOptions } from './update-options.js';

/** A learned version's lineage, with the metadata fields it kept unchanged from its parent. */
export type LearnedLineage = ModelLineage & { inheritedFromParent: string[] };

/** The `format` record of exported bytes. */
export function onnxFormat(onnx: Uint8Array): { onnxOpset: number; irVersion: number; sha256: string; bytes: number } {
  return { onnxOpset: ONNX_OPSET, irVersion: ONNX_IR_VERSION, sha256: createHash('sha256').update(onnx).digest('hex'), bytes: onnx.byteLength };
}

/** What an update did, as its lineage and training record tell it. */
export interface UpdateFacts {
  parentVersion: string;
  strategy: UpdateStrategy;
  /** The fresh examples as given (their receivedAt make the data window). */
  fresh: readonly { receivedAt?: Date }[];
  /** Fresh and replayed examples trained on. */
  feedbackUsed: number;
  replayUsed: number;
  options: CheckedUpdateOptions;
}

export function learnedLineage(facts: UpdateFacts, inheritedFromParent: string[]): LearnedLineage {
  const { options } = facts;
  return {
    parentVersion: facts.parentVersion,
    strategy: facts.strategy,
    ...dataWindow(facts.fresh),
    feedbackUsed: facts.feedbackUsed,
    replayUsed: facts.replayUsed,
    heldOut: options.heldOut,
    learningRate: options.learningRate,
    epochs: options.epochs,
    seed: options.seed,
    inheritedFromParent,
  };
}

/** The opening of the training record (the trainers' fields), with the update's loss line: `loss` and a note on what its history measures. */
export function updateTrainingRecord(facts: UpdateFacts, loss: string, historyNote: string) {
  const { options } = facts;
  const how = facts.strategy === 'INCREMENTAL' ? `fine-tuned from ${facts.parentVersion}` : `retrained from a fresh initialisation of ${facts.parentVersion}'s architecture`;
  return {
    seed: options.seed,
    backend: options.backend,
    epochs: options.epochs,
    bestEpoch: options.epochs,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    loss: `${loss}; ${how} on ${facts.feedbackUsed} feedback and ${facts.replayUsed} replayed examples; ${historyNote}`,
  };
}

/** Progress through the training epochs, as 5 % to 90 % of the whole update. */
export function trainingProgress(options: CheckedUpdateOptions): (epoch: number, batch: number, batches: number) => void {
  return (epoch, batch, batches) => options.onProgress(0.05 + (0.85 * (epoch - 1 + batch / batches)) / options.epochs, `training: epoch ${epoch}/${options.epochs}`);
}
