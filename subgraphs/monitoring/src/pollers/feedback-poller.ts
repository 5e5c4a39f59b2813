import type { CatalogModel } from '@telepulse/models/catalog/model-catalog';
import type { ReadScope } from '@telepulse/platform/supergraph-client';
import { feedbackPoints, type FeedbackBatchReport } from '../domain/feedback-batches.js';
import type { Monitor } from '../domain/monitor.js';

/**
 * One feedback poll: for each model that takes feedback, the batches processed after its
 * persisted cursor (the feedback subgraph's `feedbackBatches`), page by page, each page's points
 * recorded before the cursor moves past it.
 */

export interface FeedbackBatchPage {
  items: readonly FeedbackBatchReport[];
  cursor: string | null;
}

export interface FeedbackSource {
  batches(modelId: string, after: string | null, limit: number, scope: ReadScope): Promise<FeedbackBatchPage>;
}

export interface FeedbackState {
  feedbackCursor(modelId: string): Promise<string | null>;
  saveFeedbackCursor(modelId: string, cursor: string | null, now: Date): Promise<void>;
}

export interface FeedbackPollerDeps {
  source: FeedbackSource;
  state: FeedbackState;
  monitor: Pick<Monitor, 'record'>;
  /** The models that take feedback. */
  models: () => readonly CatalogModel[];
  now: () => Date;
  log: (message: string) => void;
}

/** Batches asked per page. */
export const FEEDBACK_PAGE = 100;
/** Pages one tick reads per model at most: a long backlog is caught up over several ticks. */
export const FEEDBACK_PAGES_PER_TICK = 10;

/** The tick of the feedback poller. */
export function feedbackTick({ source, state, monitor, models, now, log }: FeedbackPollerDeps) {
  return async (scope: ReadScope): Promise<void> => {
    for (const model of models()) {
      let cursor = await state.feedbackCursor(model.id);
      for (let page = 0; page < FEEDBACK_PAGES_PER_TICK; page++) {
        const { items, cursor: next } = await source.batches(model.id, cursor, FEEDBACK_PAGE, scope);
        if (items.length === 0) break;
        const { points, rejected } = feedbackPoints(model.id, items);
        for (const r of rejected) log(`[monitoring] feedback batch ${r.batchId} (${model.id}@${r.version}) left out: ${r.reason}`);
        if (points.length > 0) await monitor.record(points, scope.signal);
        cursor = next;
        await state.saveFeedbackCursor(model.id, cursor, now());
        if (items.length < FEEDBACK_PAGE) break;
      }
    }
  };
}
