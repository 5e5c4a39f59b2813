/**
 * The options every model update (fine-tune or retrain) takes, validated in one place, and how
 * its progress is reported: one fraction 0..1 over the whole update with the step it is in.
 */
import { InvalidInputError, type FieldIssue } from '@telepulse/platform';
import type { TfBackendName } from '../training/tf.js';

/** Called as the update advances: `fraction` 0..1 (never decreasing), `step` what it is doing, e.g. `training: epoch 2/5`. */
export type UpdateProgress = (fraction: number, step: string) => void;

export interface UpdateOptions {
  learningRate: number;
  epochs: number;
  /** Seeds the example order and dropout: the same seed, examples and base give the same bytes. */
  seed: number;
  /** Default 32. */
  batchSize?: number;
  onProgress?: UpdateProgress;
  /** The new version's name; default: nextVersion(parent, strategy, takenVersions) (lineage.ts). */
  version?: string;
  /** Versions already registered for the model, so the default name is a new one. */
  takenVersions?: readonly string[];
  /** Held-out feedback items kept out of training (recorded in the lineage only). */
  heldOut?: number;
  /** The tfjs backend to train on; default wasm (deterministic, single-threaded: see training/tf.ts). */
  backend?: TfBackendName;
}

export const DEFAULT_UPDATE_BATCH_SIZE = 32;

export type CheckedUpdateOptions = Required<Pick<UpdateOptions, 'learningRate' | 'epochs' | 'seed' | 'batchSize' | 'heldOut' | 'backend'>> & {
  onProgress: UpdateProgress;
  version?: string;
  takenVersions: readonly string[];
};

/** Fills defaults; throws InvalidInputError naming `options.<field>` for a value out of range. */
export function checkUpdateOptions(options: UpdateOptions): CheckedUpdateOptions {
  const issues: FieldIssue[] = [];
  const { learningRate, epochs, seed, batchSize = DEFAULT_UPDATE_BATCH_SIZE, heldOut = 0, backend = 'wasm' } = options;
  if (!(Number.isFinite(learningRate) && learningRate > 0 && learningRate <= 1)) issues.push({ field: 'options.learningRate', value: learningRate, message: 'must be a number in (0, 1]' });
  if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= 1000)) issues.push({ field: 'options.epochs', value: epochs, message: 'must be an integer from 1 to 1000' });
  if (!Number.isSafeInteger(seed)) issues.push({ field: 'options.seed', value: seed, message: 'must be a safe integer' });
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) issues.push({ field: 'options.batchSize', value: batchSize, message: 'must be a positive integer' });
  if (!(Number.isInteger(heldOut) && heldOut >= 0)) issues.push({ field: 'options.heldOut', value: heldOut, message: 'must be an integer >= 0' });
  if (backend !== 'wasm' && backend !== 'cpu') issues.push({ field: 'options.backend', value: backend, message: 'must be wasm or cpu' });
  if (options.version !== undefined && !/^[0-9A-Za-z.+-]{1,64}$/.test(options.version)) {
    issues.push({ field: 'options.version', value: options.version, message: 'must be 1-64 characters of letters, digits, ".", "+" and "-"' });
  }
  if (issues.length > 0) throw new InvalidInputError(issues);
  let last = 0;
  const report = options.onProgress;
  return {
    learningRate,
    epochs,
    seed,
    batchSize,
    heldOut,
    backend,
    takenVersions: options.takenVersions ?? [],
    ...(options.version !== undefined ? { version: options.version } : {}),
    // Never backwards, never beyond 1, whatever the steps' arithmetic gives.
    onProgress: (fraction, step) => {
      last = Math.min(1, Math.max(last, fraction));
      report?.(last, step);
    },
  };
}
