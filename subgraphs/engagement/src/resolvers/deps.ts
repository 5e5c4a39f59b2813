import { loadEvery } from '@telepulse/platform/loaders';
import type { PredictDeps } from '../domain/predict.js';
import type { Context } from '../context.js';

/** The prediction use case's dependencies, from a request context. */
export function predictDeps(context: Context): PredictDeps {
  return {
    predictor: context.predictor,
    loadHistory: (channelId) => context.loaders.history.load(channelId),
    recordPredictions: (records) => loadEvery(context.loaders.recorder, records),
    now: context.now,
  };
}
