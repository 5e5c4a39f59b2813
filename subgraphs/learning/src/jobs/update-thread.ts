/**
 * Runs one UpdateRequest in a worker thread (update-worker.mjs), off the event loop: progress
 * is relayed as it comes, the result resolves, a failure or a crashed thread rejects. `signal`
 * terminates the thread (the job lost its lease, the subgraph is stopping).
 */
import { Worker } from 'node:worker_threads';
import type { UpdateRequest, UpdateResult } from './learning-update.js';
import type { WorkerMessage } from './worker-messages.js';

const WORKER_URL = new URL('./update-worker.mjs', import.meta.url);

export function runInWorker(request: UpdateRequest, onProgress: (fraction: number, step: string) => void, signal: AbortSignal): Promise<UpdateResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: request });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', stop);
      fn();
      void worker.terminate();
    };
    const stop = () => settle(() => reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason))));
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'progress') onProgress(message.fraction, message.step);
      else if (message.kind === 'done') settle(() => resolve(message.result));
      else settle(() => reject(new Error(message.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the learning worker exited with code ${code} before its result`))));
  });
}
