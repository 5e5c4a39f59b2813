/**
 * The process's feed of model runs: every batched model (models/src/runtime) publishes each run
 * here, and whatever measures them (a service's metrics) subscribes. It lives in the platform so
 * the metrics need not depend on the model kit, and it is process-wide because a model does not
 * know which service serves it: a subscriber picks its own models by name (model names are
 * catalog ids, unique across services, so several services in one process never mix theirs).
 */

/** Hears one run: `size` rows, `queueMs` waited for the batch to start, `computeMs` running it. */
export type ModelRunListener = (model: string, size: number, queueMs: number, computeMs: number, failed: boolean) => void;

const listeners = new Set<ModelRunListener>();

/** Tells every subscriber of one run. Called on the hot path: allocates nothing. */
export function publishModelRun(model: string, size: number, queueMs: number, computeMs: number, failed: boolean): void {
  for (const listener of listeners) listener(model, size, queueMs, computeMs, failed);
}

/** Subscribes to every model run in this process; returns the unsubscribe. */
export function observeModelRuns(listener: ModelRunListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
