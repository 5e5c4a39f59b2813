import type { SubmitDeps } from '../domain/submit-feedback.js';
import type { Context } from '../context.js';

/** The submit use case's dependencies, from a request context. */
export function submitDeps(context: Context): SubmitDeps {
  return {
    findPredictions: (ids) => context.served.find(ids, context.scope),
    record: (records) => context.store.record(records, context.scope.signal),
    now: context.now,
  };
}
