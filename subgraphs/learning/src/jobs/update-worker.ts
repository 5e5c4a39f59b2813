/**
 * The worker thread of a learning job: takes one UpdateRequest, posts its progress and then its
 * result (or its failure), and ends. Training never runs on the subgraph's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runLearningUpdate, type UpdateRequest } from './learning-update.js';
import type { WorkerMessage } from './worker-messages.js';

const port = parentPort;
if (!port) throw new Error('update-worker.ts runs as a worker thread (see update-thread.ts)');
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const result = await runLearningUpdate(workerData as UpdateRequest, (fraction, step) => post({ kind: 'progress', fraction, step }));
  post({ kind: 'done', result });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
