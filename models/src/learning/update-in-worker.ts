/**
 * A model update (fine-tune or retrain) on a worker thread of its own, so training never blocks
 * the caller's event loop: the request goes to the worker as structured-cloned data, progress
 * comes back as it trains, the result (or the error) at the end. The worker ends with the update.
 */
import { Worker } from 'node:worker_threads';
import type { BaseVersion, LearnedArtifact, UpdateExamples } from './fine-tune.js';
import type { LearningModelId } from './labelled-example.js';
import type { UpdateStrategy } from './lineage.js';
import type { UpdateOptions, UpdateProgress } from './update-options.js';

export interface UpdateWorkerRequest<M extends LearningModelId = LearningModelId> {
  strategy: UpdateStrategy;
  modelId: M;
  base: BaseVersion;
  examples: UpdateExamples<M>;
  /** Everything but onProgress (a function does not cross threads): pass that to updateInWorker. */
  options: Omit<UpdateOptions, 'onProgress'>;
}

export type UpdateWorkerMessage =
  | { type: 'progress'; fraction: number; step: string }
  | { type: 'done'; onnx: Uint8Array; metadata: unknown }
  | { type: 'failed'; error: { name: string; message: string; code?: string; details?: Record<string, unknown> } };

/** The update failed in the worker: its name, code and details are the original error's. */
export class UpdateFailedError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(error: { name: string; message: string; code?: string; details?: Record<string, unknown> }) {
    super(error.message);
    this.name = error.name;
    this.code = error.code ?? 'UPDATE_FAILED';
    this.details = error.details ?? {};
  }
}

const ENTRY = new URL('./update-worker.mjs', import.meta.url);

/**
 * Runs fineTune (INCREMENTAL) or retrain (FULL_RETRAIN) of `request` on a new worker thread.
 * Resolves with the new version; rejects with UpdateFailedError carrying the worker's error code
 * (BAD_USER_INPUT for a bad example, …), or the worker's own error if the thread dies. `signal`
 * aborts: the worker is terminated and the promise rejects with the signal's reason.
 */
export function updateInWorker<M extends LearningModelId>(request: UpdateWorkerRequest<M>, onProgress?: UpdateProgress, signal?: AbortSignal): Promise<LearnedArtifact<M>> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(ENTRY, { workerData: request });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      finish();
      void worker.terminate();
    };
    const abort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener('abort', abort, { once: true });
    worker.on('message', (message: UpdateWorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.fraction, message.step);
      else if (message.type === 'done') settle(() => resolve({ onnx: message.onnx, metadata: message.metadata } as LearnedArtifact<M>));
      else settle(() => reject(new UpdateFailedError(message.error)));
    });
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the update worker exited with code ${code} before it finished`))));
  });
}
