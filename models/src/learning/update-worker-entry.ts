/**
 * What an update's worker thread runs (started through update-worker.mjs): one fineTune or
 * retrain on the request in its workerData, progress and the result (or the error, with its code
 * and details, which structured cloning would drop from an Error) posted to the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fineTune, retrain } from './fine-tune.js';
import type { UpdateWorkerMessage, UpdateWorkerRequest } from './update-in-worker.js';

const request = workerData as UpdateWorkerRequest;
const post = (message: UpdateWorkerMessage) => parentPort!.postMessage(message);
const run = request.strategy === 'FULL_RETRAIN' ? retrain : fineTune;
try {
  const result = await run(request.modelId, request.base, request.examples, { ...request.options, onProgress: (fraction, step) => post({ type: 'progress', fraction, step }) });
  post({ type: 'done', onnx: result.onnx, metadata: result.metadata });
} catch (error) {
  const e = error as Error & { code?: string; details?: Record<string, unknown> };
  post({ type: 'failed', error: { name: e.name, message: e.message, ...(e.code ? { code: e.code } : {}), ...(e.details ? { details: e.details } : {}) } });
}
