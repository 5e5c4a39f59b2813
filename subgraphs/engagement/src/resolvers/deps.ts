import type { PredictDeps } from '../domain/predict.js';
import type { Context } from '../context.js';

/** The prediction use case's dependencies, from a request context. */
export function predictDeps(context: Context): PredictDeps {
  return {
    predictor: context.predictor,
    loadHistory: (channelId) => context.loaders.history.load(channelId),
    recordPredictions: (records) => context.loaders.recorder.loadMany(records).then(rethrowAny),
    now: context.now,
  };
}

/** loadMany settles each key on its own; one failed write fails the prediction. */
function rethrowAny<T>(results: (T | Error)[]): T[] {
  const failed = results.find((r): r is Error => r instanceof Error);
  if (failed) throw failed;
  return results as T[];
}
