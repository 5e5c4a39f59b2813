/**
 * The one way feedback is recorded, by a client (submitFeedback, submitFeedbackBatch) or by the
 * ingest poller: looks the predictions up (one read for all items), checks every item, refuses
 * a different outcome for a prediction that already has one, and stores the new items in one
 * write. Any bad item fails the whole call before anything is written.
 */
import { assertMaxItems, InvalidInputError, type FieldIssue } from '@telepulse/platform';
import type { FeedbackRecord, FeedbackSource, NewFeedback } from './feedback.js';
import { checkFeedback, type FeedbackItem } from './feedback-input.js';
import { MASE_SCALE_FEATURE, type ServedPredictionView } from './served-prediction.js';

/** The most items one submitFeedbackBatch may hold, by default (MAX_FEEDBACK_BATCH). */
export const FEEDBACK_BATCH_MAX = 1000;

/** What the store answers to a write: everything as stored, or the items whose prediction already has another outcome (nothing written then). */
export type RecordOutcome = { ok: true; stored: FeedbackRecord[] } | { ok: false; conflicts: { index: number; existing: FeedbackRecord }[] };

export interface SubmitDeps {
  /** Served predictions by id, null for an id no model served. */
  findPredictions: (ids: readonly string[]) => Promise<ReadonlyMap<string, ServedPredictionView | null>>;
  /** Stores new items (their predictions' other outcomes refused), returning each as stored. */
  record: (records: readonly NewFeedback[]) => Promise<RecordOutcome>;
  now: () => Date;
}

/** Records `items`; `maxItems` bounds a batch (checked first, naming `items`). */
export async function submitFeedback(deps: SubmitDeps, items: readonly FeedbackItem[], source: FeedbackSource, maxItems = FEEDBACK_BATCH_MAX): Promise<FeedbackRecord[]> {
  assertMaxItems('items', items, maxItems);
  if (items.length === 0) return [];
  const predictions = await deps.findPredictions([...new Set(items.map((i) => i.predictionId))]);
  const checked = checkFeedback(items, { predictions, scales: scalesOf(predictions), source, now: deps.now() });
  if (!checked.ok) throw new InvalidInputError(checked.issues);
  const { records } = checked;

  const twice = conflictsWithin(items, records);
  if (twice.length > 0) throw new InvalidInputError(twice);

  const result = await deps.record(records);
  if (!result.ok) {
    throw new InvalidInputError(
      result.conflicts.map(({ index, existing }) => ({
        field: at(items[index]!, 'outcome'),
        value: existing.id,
        message: `prediction ${existing.predictionId} already has feedback ${existing.id} with a different outcome; feedback is final (one outcome per prediction)`,
      })),
    );
  }
  return result.stored;
}

/** MASE scales of the growth forecasts among `predictions`, from the feature that carries it. */
function scalesOf(predictions: ReadonlyMap<string, ServedPredictionView | null>): Map<string, number> {
  const scales = new Map<string, number>();
  for (const p of predictions.values()) {
    const scale = p?.features.find((f) => f.name === MASE_SCALE_FEATURE)?.value;
    if (p && scale !== undefined) scales.set(p.id, scale);
  }
  return scales;
}

/** One prediction given two different outcomes in the same call: the later item is refused. */
function conflictsWithin(items: readonly FeedbackItem[], records: readonly NewFeedback[]): FieldIssue[] {
  const first = new Map<string, NewFeedback>();
  const issues: FieldIssue[] = [];
  records.forEach((record, i) => {
    const earlier = first.get(record.predictionId);
    if (!earlier) first.set(record.predictionId, record);
    else if (earlier.id !== record.id) {
      issues.push({ field: at(items[i]!, 'outcome'), value: record.predictionId, message: 'gives this prediction a different outcome than an earlier item of the same call' });
    }
  });
  return issues;
}

const at = (item: FeedbackItem, field: string) => (item.path === '' ? field : `${item.path}.${field}`);
